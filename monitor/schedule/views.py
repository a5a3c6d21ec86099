"""The Schedule page's views: a Gantt chart of work packages, deliverables and milestones, and a status
table, both from the same filtered items. Status comes from monitor.schedule.rules (dates and as-of date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from monitor import charts, db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.i18n import label, t
from monitor.schedule import rules as schedule_rules

# The shared status colours: done is on track, due soon is at risk, overdue is off track.
STATUS_COLOURS = {
    schedule_rules.OVERDUE: charts.OFF_TRACK,
    schedule_rules.UPCOMING: charts.AT_RISK,
    schedule_rules.PLANNED: charts.PLANNED,
    schedule_rules.DONE: charts.ON_TRACK,
}
WP_BAR = "#c7d3e3"
SYMBOLS = {"milestone": "diamond", "deliverable": "square"}
ITEM_COLUMNS = [
    *schedule_rules.ITEM_COLUMNS,
    "partner_id",
    "stage",
    "delay_justification",
]  # the page's filters and table


@dataclass(frozen=True)
class ScheduleData:
    project: dict
    work_packages: pd.DataFrame
    partners: pd.DataFrame
    milestones: pd.DataFrame
    deliverables: pd.DataFrame


def is_empty(source: ScheduleData) -> bool:
    """No work packages, milestones or deliverables at all (a project from the funder's open data): nothing to
    draw or filter, which the page says in words rather than as an empty chart."""
    return source.work_packages.empty and source.milestones.empty and source.deliverables.empty


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean no filter."""

    wp_codes: tuple[str, ...] = ()
    partner_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleView:
    figure: go.Figure
    table: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)


def load(con: db.Connection, project_id: str, scope: Scope) -> ScheduleData:
    scope.require_project(project_id)
    keyed = {"project_id": project_id}
    return ScheduleData(
        project=db.query(con, "project", **keyed).iloc[0].to_dict(),
        work_packages=db.query(con, "work_packages", **keyed),
        partners=db.query(con, "partners", **keyed),
        milestones=db.query(con, "milestones", **keyed),
        deliverables=db.query(con, "deliverables", **keyed),
    )


def items(data: ScheduleData, as_of: dt.date, look_ahead_days: int) -> pd.DataFrame:
    """Milestones and deliverables in one table with derived status. A milestone's partner is its work
    package's lead partner; a deliverable's is its responsible partner."""
    leads = dict(zip(data.work_packages["wp_code"], data.work_packages["lead_partner_id"], strict=True))
    milestones = schedule_rules.with_status(data.milestones, "achieved_date", as_of, look_ahead_days).assign(
        kind="milestone", stage=None, delay_justification=None
    )
    milestones = milestones.assign(
        done_date=milestones["achieved_date"], partner_id=[leads.get(code) for code in milestones["wp_code"]]
    )
    # The stored deliverable status (pending/draft/submitted) is its stage; `status` is derived from dates.
    stored = data.deliverables.rename(columns={"status": "stage"})
    deliverables = schedule_rules.with_status(stored, "delivered_date", as_of, look_ahead_days)
    deliverables = deliverables.assign(
        kind="deliverable", done_date=deliverables["delivered_date"], partner_id=deliverables["responsible_partner_id"]
    )
    frames = [frame for frame in (milestones, deliverables) if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    combined = pd.concat([frame[ITEM_COLUMNS] for frame in frames], ignore_index=True)
    return combined.sort_values(["due_date", "code"], ignore_index=True)


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if filters.wp_codes:
        keep &= frame["wp_code"].isin(filters.wp_codes)
    if filters.partner_ids:
        keep &= frame["partner_id"].isin(filters.partner_ids)
    if filters.statuses:
        keep &= frame["status"].isin(filters.statuses)
    return frame[keep].reset_index(drop=True)


def build_view(data: ScheduleData, as_of: dt.date, look_ahead_days: int, filters: Filters, lang: str) -> ScheduleView:
    """The chart and the table of the filtered items, and the status counts they show."""
    shown = apply_filters(items(data, as_of, look_ahead_days), filters)
    wps = data.work_packages
    if filters.wp_codes:
        wps = wps[wps["wp_code"].isin(filters.wp_codes)]
    if filters.partner_ids:
        wps = wps[wps["lead_partner_id"].isin(filters.partner_ids)]
    period = (data.project["start_date"], data.project["end_date"])
    return ScheduleView(
        figure=gantt(shown, wps, as_of, lang, period),
        table=status_table(shown, data.partners, lang),
        counts=schedule_rules.status_counts(shown),
    )


def status_table(shown: pd.DataFrame, partners: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = dict(zip(partners["partner_id"], partners["short_name"], strict=True))
    return pd.DataFrame(
        {
            t("col.status", lang): [label("item", s, lang) for s in shown["status"]],
            t("col.kind", lang): [label("kind", k, lang) for k in shown["kind"]],
            t("col.code", lang): shown["code"].tolist(),
            t("schedule.col.wp", lang): [_text(w) or "–" for w in shown["wp_code"]],
            t("col.title", lang): shown["title"].tolist(),
            t("schedule.col.partner", lang): [names.get(p, p) if _text(p) else "–" for p in shown["partner_id"]],
            t("col.baseline_due", lang): [fmt.date(d, lang) for d in shown["baseline_due"]],
            t("col.due", lang): [fmt.date(d, lang) for d in shown["due_date"]],
            t("schedule.col.slip", lang): shown["slip_days"].tolist(),
            t("schedule.col.done", lang): [fmt.date(_date_or_none(d), lang) for d in shown["done_date"]],
            t("col.days_overdue", lang): shown["days_overdue"].tolist(),
            t("schedule.col.stage", lang): [
                label("schedule.stage", s, lang) if _text(s) else "–" for s in shown["stage"]
            ],
            t("schedule.col.justification", lang): [_text(j) for j in shown["delay_justification"]],
        }
    )


def gantt(
    shown: pd.DataFrame,
    work_packages: pd.DataFrame,
    as_of: dt.date,
    lang: str,
    period: tuple[dt.date, dt.date] | None = None,
) -> go.Figure:
    """Work packages as bars; milestones (diamonds) and deliverables (squares) at their current due date,
    coloured by status (overdue in red); a grey line from the baseline to the current due date shows slip.
    The first row is at the top; the date axis spans the project period (and any item outside it)."""
    title_column = "title_nb" if lang == "nb" else "title_en"
    bars = pd.DataFrame(
        {
            "row": [
                f"{c} {title}" for c, title in zip(work_packages["wp_code"], work_packages[title_column], strict=True)
            ],
            "start": pd.to_datetime(work_packages["start_date"]),
            "end": pd.to_datetime(work_packages["end_date"]),
        }
    )
    rows = _row_order(shown, work_packages, bars["row"].tolist())
    figure = px.timeline(bars, x_start="start", x_end="end", y="row") if not bars.empty else go.Figure()
    # px.timeline's own hover reads "row=… start=… end=…" in English with ISO dates: the period in lang instead
    periods = [
        f"{fmt.date(a, lang)} – {fmt.date(b, lang)}"
        for a, b in zip(work_packages["start_date"], work_packages["end_date"], strict=True)
    ]
    figure.update_traces(
        marker_color=WP_BAR,
        name=t("schedule.legend.wp", lang),
        showlegend=not bars.empty,
        customdata=periods,
        hovertemplate="%{y}<br>%{customdata}<extra></extra>",
    )
    labels = [_item_row(code, title) for code, title in zip(shown["code"], shown["title"], strict=True)]
    figure.add_trace(_slip_trace(shown, labels, lang))
    for kind in ("milestone", "deliverable"):
        for status, colour in STATUS_COLOURS.items():
            figure.add_trace(_marker_trace(shown, labels, kind, status, colour, lang))
    _legend_keys(figure, shown, lang)
    first, last = _date_span(shown, work_packages, period, as_of)
    if first <= as_of <= last:  # past the end the line would stretch the axis to today (issue 12: "runs to 2027")
        _as_of_line(figure, as_of, lang)
    # A category axis draws its first category at the bottom: reversed, the first row is at the top.
    figure.update_yaxes(categoryorder="array", categoryarray=rows, autorange="reversed", title=None)
    figure.update_layout(
        height=max(320, 26 * len(rows) + 160), margin={"l": 10, "r": 10, "t": 30, "b": 10}, xaxis={"title": None}
    )
    charts.date_axis(figure, first, last, lang)
    return charts.legend_below(charts.localise(figure, lang))


def _date_span(
    shown: pd.DataFrame, work_packages: pd.DataFrame, period: tuple[dt.date, dt.date] | None, as_of: dt.date
) -> tuple[dt.date, dt.date]:
    """The project period, widened to any bar or item outside it (never to the as-of date: a line past
    the end says nothing); the as-of date alone only when there is nothing else."""
    dates = [*work_packages["start_date"], *work_packages["end_date"], *shown["due_date"], *shown["baseline_due"]]
    dates = [d for d in dates if d is not None and not pd.isna(d)] + ([*period] if period else [])
    if not dates:
        return as_of, as_of
    return min(dates), max(dates)


def _row_order(shown: pd.DataFrame, work_packages: pd.DataFrame, wp_rows: list[str]) -> list[str]:
    """Project-level items (M0, the kick-off) first, then each work package's bar followed by its items."""
    rest = shown[~shown["wp_code"].isin(work_packages["wp_code"].tolist())]
    order = [_item_row(c, title) for c, title in zip(rest["code"], rest["title"], strict=True)]
    for code, wp_row in zip(work_packages["wp_code"], wp_rows, strict=True):
        order.append(wp_row)
        mine = shown[shown["wp_code"] == code]
        order += [_item_row(c, title) for c, title in zip(mine["code"], mine["title"], strict=True)]
    return order


def _item_row(code: str, title: str) -> str:
    return f"{code} {title[:45]}{'…' if len(title) > 45 else ''}"


def _marker_trace(shown: pd.DataFrame, labels: list[str], kind: str, status: str, colour: str, lang: str) -> go.Scatter:
    """One kind × status; not in the legend (the legend keys explain shapes and colours apart)."""
    # Select with the boolean Series: an empty list would select columns and lose them (nothing shown).
    chosen = (shown["kind"] == kind) & (shown["status"] == status)
    picked, mask = shown[chosen.astype(bool)], chosen.tolist()
    return go.Scatter(
        x=pd.to_datetime(picked["due_date"]),
        y=[lab for lab, keep in zip(labels, mask, strict=True) if keep],
        mode="markers",
        marker={"symbol": SYMBOLS[kind], "size": 13, "color": colour, "line": {"width": 1, "color": "#333"}},
        showlegend=False,
        customdata=[fmt.date(d, lang) for d in picked["due_date"]],
        hovertemplate="%{y}<br>%{customdata}<extra></extra>",
    )


def _legend_keys(figure: go.Figure, shown: pd.DataFrame, lang: str) -> None:
    """Legend entries without data: a grey shape per kind and a colour per status present, so the legend
    has at most eight entries (bar, slip, two shapes, four statuses) instead of kinds × statuses."""
    for kind in ("milestone", "deliverable"):
        if (shown["kind"] == kind).any():
            figure.add_trace(_key_trace(label("kind", kind, lang), SYMBOLS[kind], charts.NEUTRAL))
    for status, colour in STATUS_COLOURS.items():
        if (shown["status"] == status).any():
            figure.add_trace(_key_trace(label("item", status, lang), "circle", colour))


def _key_trace(name: str, symbol: str, colour: str) -> go.Scatter:
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        showlegend=True,
        hoverinfo="skip",
        marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1, "color": "#333"}},
    )


def _slip_trace(shown: pd.DataFrame, labels: list[str], lang: str) -> go.Scatter:
    xs, ys = [], []
    for row, base, due in zip(labels, shown["baseline_due"], shown["due_date"], strict=True):
        if base != due:
            xs += [pd.Timestamp(base), pd.Timestamp(due), None]
            ys += [row, row, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": "#888", "dash": "dot", "width": 2},
        name=t("schedule.legend.slip", lang),
        showlegend=bool(xs),
        hoverinfo="skip",
    )


def _as_of_line(figure: go.Figure, as_of: dt.date, lang: str) -> None:
    # add_vline's annotation cannot place itself on a date axis; a shape plus an annotation can.
    x = pd.Timestamp(as_of)
    figure.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper", line={"color": "#444", "width": 2})
    # Anchored on its right end, so that at the project's end (the axis' right edge) it is not cut off.
    figure.add_annotation(
        x=x,
        y=1,
        xref="x",
        yref="paper",
        yanchor="bottom",
        xanchor="right",
        showarrow=False,
        text=t("schedule.as_of_line", lang, date=as_of),
    )


def _text(value) -> str:
    """Text of a cell; pandas' missing values (None, NaN) as ''."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _date_or_none(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else value


def partner_names(data: ScheduleData) -> dict[str, str]:
    """Partner id -> short name, for the partner filter's labels."""
    return dict(zip(data.partners["partner_id"], data.partners["short_name"], strict=True))


def filter_options(data: ScheduleData) -> dict[str, list[str]]:
    """Choices of the page's filters: work package codes, partner ids, statuses."""
    return {
        "wp_codes": data.work_packages["wp_code"].tolist(),
        "partner_ids": data.partners["partner_id"].tolist(),
        "statuses": [schedule_rules.OVERDUE, schedule_rules.UPCOMING, schedule_rules.PLANNED, schedule_rules.DONE],
    }
