"""The Results page's views: the results register, the counts per category × year × work package that a
progress report asks for, and attendance at events by actor group. Results count when dated on or
before the as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from monitor import format as fmt
from monitor import registers
from monitor.auth import Scope
from monitor.domain import RESULT_CATEGORIES
from monitor.i18n import label, t
from monitor.registers import ACTOR_GROUPS

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


def load(con: duckdb.DuckDBPyConnection, project_id: str, scope: Scope) -> pd.DataFrame:
    scope.require_project(project_id)
    return registers.rows(con, "results", project_id)


def up_to(results: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    # A boolean Series, not a list: an empty list would select columns and lose them.
    mask = pd.Series([d <= as_of for d in results["result_date"]], index=results.index, dtype=bool)
    return results[mask].sort_values(
        ["result_date", "result_id"], ignore_index=True)


def build_view(results: pd.DataFrame, as_of: dt.date, lang: str) -> ResultsView:
    shown = up_to(results, as_of)
    events = attendance(shown)
    return ResultsView(register=register_table(shown, lang), counts=counts_table(shown, lang),
                       counts_chart=counts_chart(shown, lang), attendance=attendance_table(events, lang),
                       attendance_chart=attendance_chart(events, lang), total=len(shown))


def counts(results: pd.DataFrame) -> pd.DataFrame:
    """category, year, wp_code ('–' for project-level results), count — one row per combination present."""
    frame = pd.DataFrame({
        "category": results["category"].tolist(),
        "year": [d.year for d in results["result_date"]],
        "wp_code": [w if isinstance(w, str) and w else NO_WP for w in results["wp_code"]],
    })
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
    return wide.rename(columns={"category": t("results.col.category", lang), "wp_code": t("schedule.col.wp", lang),
                                "total": t("results.col.total", lang)})


def counts_chart(results: pd.DataFrame, lang: str) -> go.Figure:
    long = counts(results)
    long = long.assign(category=[label("results.category", c, lang) for c in long["category"]],
                       year=long["year"].astype(str))
    figure = px.bar(long, x="year", y="count", color="category", pattern_shape="wp_code",
                    labels={"year": t("col.year", lang), "count": t("results.col.count", lang),
                            "category": t("results.col.category", lang), "wp_code": t("schedule.col.wp", lang)})
    figure.update_layout(barmode="stack", height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         xaxis={"type": "category"})
    return figure


def attendance(results: pd.DataFrame) -> pd.DataFrame:
    """Events: results with any attendance figure; missing groups count as 0, with a total."""
    has_any = pd.Series([any(_count(row[c]) for c in ATTENDANCE) for row in results.to_dict("records")],
                        index=results.index, dtype=bool)  # a Series: an empty list would select columns
    events = results[has_any]
    frame = pd.DataFrame({"result_date": events["result_date"].tolist(), "title": events["title"].tolist(),
                          "wp_code": events["wp_code"].tolist()})
    for column in ATTENDANCE:
        frame[column] = [_count(v) for v in events[column]]
    frame["total"] = frame[ATTENDANCE].sum(axis=1) if not frame.empty else []
    return frame


def _count(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def attendance_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("results.col.date", lang): [fmt.date(d, lang) for d in events["result_date"]],
        t("col.title", lang): events["title"].tolist(),
        **{label("results.actor", c.removeprefix("attendance_"), lang): events[c].tolist() for c in ATTENDANCE},
        t("results.col.total", lang): events["total"].tolist(),
    })


def attendance_chart(events: pd.DataFrame, lang: str) -> go.Figure:
    figure = go.Figure([
        go.Bar(name=label("results.actor", c.removeprefix("attendance_"), lang), y=events["title"].tolist(),
               x=events[c].tolist(), orientation="h")
        for c in ATTENDANCE
    ])
    figure.update_layout(barmode="stack", height=max(260, 40 * len(events) + 100),
                         margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h"},
                         yaxis={"autorange": "reversed"}, xaxis={"title": t("results.col.attendance", lang)})
    return figure


def register_table(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("results.col.date", lang): [fmt.date(d, lang) for d in results["result_date"]],
        t("results.col.category", lang): [label("results.category", c, lang) for c in results["category"]],
        t("col.title", lang): results["title"].tolist(),
        t("schedule.col.wp", lang): [w or NO_WP for w in results["wp_code"]],
        t("results.col.authors", lang): [a or "" for a in results["authors"]],
        "DOI": [d or "" for d in results["doi"]],
        "Cristin": [c or "" for c in results["cristin_id"]],
        t("results.col.open_access", lang): [_yes_no(v, lang) for v in results["open_access"]],
        t("results.col.audience", lang): [a or "" for a in results["audience"]],
    })


def _yes_no(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    return t("results.yes" if value else "results.no", lang)
