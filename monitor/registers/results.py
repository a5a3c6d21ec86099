"""The Results page's views: the results register, the counts per category × year × work package that a
progress report asks for, and attendance at events by actor group. Results count when dated on or
before the as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor import charts, db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.codes import RESULT_CATEGORIES
from monitor.i18n import label, t
from monitor.registers import edit as register_edit
from monitor.registers.edit import ACTOR_GROUPS

ATTENDANCE = [f"attendance_{group}" for group in ACTOR_GROUPS]
NO_WP = "–"


@dataclass(frozen=True)
class ResultsView:
    register: pd.DataFrame
    counts: pd.DataFrame
    counts_chart: go.Figure
    attendance: pd.DataFrame
    attendance_chart: go.Figure
    total: int


def load(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    return register_edit.rows(con, "results", project_id, scope)


def up_to(results: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    # A boolean Series, not a list: an empty list would select columns and lose them.
    mask = pd.Series([d <= as_of for d in results["result_date"]], index=results.index, dtype=bool)
    return results[mask].sort_values(["result_date", "result_id"], ignore_index=True)


def build_view(results: pd.DataFrame, as_of: dt.date, lang: str) -> ResultsView:
    shown = up_to(results, as_of)
    events = attendance(shown)
    return ResultsView(
        register=register_table(shown, lang),
        counts=counts_table(shown, lang),
        counts_chart=counts_chart(shown, lang),
        attendance=attendance_table(events, lang),
        attendance_chart=attendance_chart(events, lang),
        total=len(shown),
    )


def counts(results: pd.DataFrame) -> pd.DataFrame:
    """category, year, wp_code ('–' for project-level results), count — one row per combination present."""
    frame = pd.DataFrame(
        {
            "category": results["category"].tolist(),
            "year": [d.year for d in results["result_date"]],
            "wp_code": [w if isinstance(w, str) and w else NO_WP for w in results["wp_code"]],
        }
    )
    if frame.empty:
        return pd.DataFrame(columns=["category", "year", "wp_code", "count"])
    grouped = frame.groupby(["category", "year", "wp_code"], as_index=False).size()
    return grouped.rename(columns={"size": "count"})


def counts_table(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Category and work package down, years across, with a total column; categories in the funder's order."""
    long = counts(results)
    if long.empty:
        return pd.DataFrame()
    wide = long.pivot_table(index=["category", "wp_code"], columns="year", values="count", aggfunc="sum", fill_value=0)
    wide["total"] = wide.sum(axis=1)
    order = sorted(wide.index, key=lambda key: (RESULT_CATEGORIES.index(key[0]), key[1]))
    wide = wide.loc[order].reset_index()
    wide.columns = [str(c) for c in wide.columns]
    wide["category"] = [label("results.category", c, lang) for c in wide["category"]]
    return wide.rename(
        columns={
            "category": t("results.col.category", lang),
            "wp_code": t("schedule.col.wp", lang),
            "total": t("results.col.total", lang),
        }
    )


def counts_chart(results: pd.DataFrame, lang: str) -> go.Figure:
    """Results per year (in year order), stacked by category in the funder's order, one colour each;
    more categories than the legend has room for are grouped as "other". Work packages are in the table."""
    long = counts(results)
    years = sorted(set(long["year"]))
    per_category = {
        c: [int(long[(long["category"] == c) & (long["year"] == y)]["count"].sum()) for y in years]
        for c in RESULT_CATEGORIES
        if c in set(long["category"])
    }
    merged = charts.merge_series(per_category, charts.keep_largest({c: sum(v) for c, v in per_category.items()}))
    colours = _category_colours(list(merged))
    figure = go.Figure(
        [
            go.Bar(
                name=_category_name(c, lang),
                x=[str(y) for y in years],
                y=values,
                marker_color=colours[c],
                hovertemplate=f"{_category_name(c, lang)}<br>%{{x}}: %{{y}}<extra></extra>",
            )
            for c, values in merged.items()
        ]
    )
    figure.update_layout(
        barmode="stack",
        height=380,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [str(y) for y in years],
            "title": t("col.year", lang),
        },
        yaxis={"title": t("results.col.count", lang), "tickformat": "d"},
    )
    return charts.legend_below(charts.localise(figure, lang))


def _category_colours(drawn: list[str]) -> dict[str, str]:
    """The first eight categories keep one colour at any date; the two beyond take a colour no other
    category in this chart has (at most eight are drawn, so one is always free)."""
    colours = {c: colour for c, colour in charts.series_colours(RESULT_CATEGORIES[:8]).items() if c in drawn}
    free = iter(c for c in charts.SERIES if c not in colours.values())
    return {c: colours.get(c) or (charts.NEUTRAL if c == charts.OTHER else next(free)) for c in drawn}


def _category_name(code: str, lang: str) -> str:
    return t("chart.other", lang) if code == charts.OTHER else label("results.category", code, lang)


def attendance(results: pd.DataFrame) -> pd.DataFrame:
    """Events: results with any attendance figure; missing groups count as 0, with a total."""
    has_any = pd.Series(
        [any(_count(row[c]) for c in ATTENDANCE) for row in results.to_dict("records")], index=results.index, dtype=bool
    )  # a Series: an empty list would select columns
    events = results[has_any]
    frame = pd.DataFrame(
        {
            "result_date": events["result_date"].tolist(),
            "title": events["title"].tolist(),
            "wp_code": events["wp_code"].tolist(),
        }
    )
    for column in ATTENDANCE:
        frame[column] = [_count(v) for v in events[column]]
    frame["total"] = frame[ATTENDANCE].sum(axis=1) if not frame.empty else []
    return frame


def _count(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def attendance_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("results.col.date", lang): [fmt.date(d, lang) for d in events["result_date"]],
            t("col.title", lang): events["title"].tolist(),
            # groups in the charts' order, so the table's columns follow the bars' colours
            **{
                label("actor", g, lang): events[f"attendance_{g}"].tolist()
                for g in charts.actor_order(c.removeprefix("attendance_") for c in ATTENDANCE)
            },
            t("results.col.total", lang): events["total"].tolist(),
        }
    )


def attendance_chart(events: pd.DataFrame, lang: str) -> go.Figure:
    """Attendance per event by actor group: the same names and colours as on the Indicators page."""
    groups = [c.removeprefix("attendance_") for c in ATTENDANCE]
    return charts.stacked_groups(
        events["title"].tolist(),
        {g: events[f"attendance_{g}"].tolist() for g in charts.actor_order(groups)},
        {g: label("actor", g, lang) for g in [*groups, charts.OTHER]},
        t("results.col.attendance", lang),
        lang,
    )


def register_table(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("results.col.date", lang): [fmt.date(d, lang) for d in results["result_date"]],
            t("results.col.category", lang): [label("results.category", c, lang) for c in results["category"]],
            t("col.title", lang): results["title"].tolist(),
            t("schedule.col.wp", lang): [w or NO_WP for w in results["wp_code"]],
            t("results.col.authors", lang): [a or "" for a in results["authors"]],
            "DOI": [d or "" for d in results["doi"]],
            "Cristin": [c or "" for c in results["cristin_id"]],
            t("results.col.open_access", lang): [_yes_no(v, lang) for v in results["open_access"]],
            t("results.col.audience", lang): [a or "" for a in results["audience"]],
        }
    )


def _yes_no(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    return t("results.yes" if value else "results.no", lang)
