"""Projects measured by indicators and events: targets against actuals over time, attendance per
event and actor group, and funding applications with their status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import charts, db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.i18n import label, t

# Integration Day's target groups, then MW Inc's result attendance columns (monitor/setup/seed.py).
ACTOR_GROUPS = (
    "employers",
    "ngos",
    "social_entrepreneurs_smes",
    "refugees",
    "municipal_unit",
    "migrants",
    "support",
    "researchers",
    "others",
)
APPLICATION_STATUSES = ("applied", "granted", "rejected")
# Below this budget a project is led by its indicators and events rather than by money.
LITTLE_BUDGET = Decimal("1000000.00")


@dataclass(frozen=True)
class IndicatorData:
    as_of: dt.date
    values: pd.DataFrame  # indicator_id, name_en, name_nb, unit, target, value_date, value
    events: pd.DataFrame  # event_id, event_date, title, actor_group, attendees
    applications: pd.DataFrame
    stage: dict | None  # the latest achieved milestone: code, title, achieved_date

    @property
    def is_empty(self) -> bool:
        return self.values.empty and self.events.empty and self.applications.empty


def load(con: db.Connection, project_id: str, as_of: dt.date, scope: Scope) -> IndicatorData:
    """A project's indicators, events, funding applications and stage as of a date. These are project-level
    figures, not a partner's detail rows, so every role allowed to see the project sees them."""
    scope.require_project(project_id)
    keyed = {"project_id": project_id, "as_of": as_of}
    stage = db.query(con, "indicator_stage", **keyed)
    return IndicatorData(
        as_of=as_of,
        values=db.query(con, "indicator_values", **keyed),
        events=db.query(con, "indicator_events", **keyed),
        applications=db.query(con, "indicator_applications", **keyed),
        stage=None if stage.empty else stage.iloc[0].to_dict(),
    )


def leads_overview(little_budget: bool, data: IndicatorData) -> bool:
    """A project with little budget data (the whole project's, see overview.little_budget) and something
    else to show is led by its indicators and events."""
    return little_budget and not data.is_empty


def latest(values: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: target, latest value and its date (value None when none is recorded yet)."""
    rows = []
    for indicator_id, group in values.groupby("indicator_id", sort=False):
        known = group[group["value"].notna()]
        last = known.iloc[-1] if not known.empty else None
        first = group.iloc[0]
        rows.append(
            {
                "indicator_id": indicator_id,
                "name_en": first["name_en"],
                "name_nb": first["name_nb"],
                "unit": first["unit"],
                "target": first["target"],
                "value": None if last is None else last["value"],
                "value_date": None if last is None else last["value_date"],
            }
        )
    return pd.DataFrame(rows, columns=["indicator_id", "name_en", "name_nb", "unit", "target", "value", "value_date"])


def share_of_target(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    if value is None or target is None or pd.isna(value) or pd.isna(target) or target == 0:
        return None
    return Decimal(value) / Decimal(target)


def indicator_table(values: pd.DataFrame, lang: str) -> pd.DataFrame:
    name = "name_nb" if lang == "nb" else "name_en"
    return pd.DataFrame(
        [
            {
                t("icol.indicator", lang): r[name],
                t("icol.unit", lang): label("unit", r["unit"], lang),
                t("icol.target", lang): _number(r["target"], lang),
                t("icol.actual", lang): _number(r["value"], lang),
                t("icol.share", lang): fmt.percent(share_of_target(r["value"], r["target"]), lang),
                t("icol.date", lang): fmt.date(r["value_date"], lang),
            }
            for r in latest(values).to_dict("records")
        ]
    )


def _number(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    value = Decimal(value).normalize()
    # as many decimals as the value has, up to two (the funder's 4.82 person-years, a 1.5 target), none for whole
    return fmt.number(value, lang, min(max(-value.as_tuple().exponent, 0), 2))


def has_values(values: pd.DataFrame) -> bool:
    """Whether any indicator has a value recorded, not just its target: without one there is nothing to draw."""
    return bool(values["value"].notna().any()) if not values.empty else False


def indicator_chart(values: pd.DataFrame, lang: str) -> go.Figure:
    """Each indicator as a share of its target over time (units differ, so shares compare), as steps:
    a value holds until the next one is recorded, up to the as-of date."""
    name = "name_nb" if lang == "nb" else "name_en"
    figure = go.Figure()
    recorded = values[values["value"].notna()]
    colours = charts.series_colours(list(dict.fromkeys(recorded["indicator_id"])))
    for indicator_id, group in recorded.groupby("indicator_id", sort=False):
        target = group["target"].iloc[0]
        shares = [share_of_target(v, target) for v in group["value"]]
        unit = label("unit", group["unit"].iloc[0], lang)
        figure.add_trace(
            go.Scatter(
                name=group[name].iloc[0],
                x=list(group["value_date"]),
                mode="lines+markers",
                line={"shape": "hv"},
                y=[None if s is None else float(s * 100) for s in shares],
                marker_color=colours[indicator_id],
                customdata=[
                    [fmt.date(d, lang), _number(v, lang), unit]
                    for d, v in zip(group["value_date"], group["value"], strict=True)
                ],
                hovertemplate="%{customdata[0]}: %{customdata[1]} %{customdata[2]} ("
                + charts.hover_number("y")
                + t("chart.percent_suffix", lang)
                + ")<extra></extra>",
            )
        )
    figure.add_hline(y=100, line_dash="dot", line_color="grey")
    figure.update_layout(
        height=380, margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis={"title": t("icol.share", lang) + " (%)"}
    )
    if not recorded.empty:
        charts.date_axis(figure, min(recorded["value_date"]), max(recorded["value_date"]), lang)
    return charts.legend_below(charts.localise(figure, lang))


def attendance(events: pd.DataFrame) -> pd.DataFrame:
    """Event x actor group attendance, one row per event (in date order) with a total; groups in ACTOR_GROUPS order."""
    if events.empty:
        return pd.DataFrame(columns=["event_id", "event_date", "title", "total"])
    wide = events.pivot_table(
        index=["event_date", "event_id", "title"],
        columns="actor_group",
        values="attendees",
        aggfunc="sum",
        fill_value=0,
    )
    groups = charts.actor_order(g for g in ACTOR_GROUPS if g in wide.columns)  # the charts' order
    wide = wide[groups].reset_index()
    wide.columns.name = None
    wide["total"] = wide[groups].sum(axis=1)
    return wide.astype({g: int for g in [*groups, "total"]})


def attendance_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    wide = attendance(events)
    renamed = {g: label("actor", g, lang) for g in ACTOR_GROUPS}
    shown = wide.drop(columns="event_id").rename(
        columns={
            "event_date": t("icol.date", lang),
            "title": t("icol.event", lang),
            "total": t("icol.total", lang),
            **renamed,
        }
    )
    shown[t("icol.date", lang)] = [fmt.date(d, lang) for d in wide["event_date"]]
    return shown


def attendance_chart(events: pd.DataFrame, lang: str) -> go.Figure:
    """Attendees per event by actor group, as horizontal stacked bars (the titles read without rotation);
    the same names and colours as on the Results page."""
    wide = attendance(events)
    titles = [f"{fmt.date(d, lang)} {title}" for d, title in zip(wide["event_date"], wide["title"], strict=True)]
    groups = charts.actor_order([g for g in ACTOR_GROUPS if g in wide.columns])
    return charts.stacked_groups(
        titles,
        {g: wide[g].tolist() for g in groups},
        {g: label("actor", g, lang) for g in [*groups, charts.OTHER]},
        t("results.col.attendance", lang),
        lang,
    )


def status_as_of(status: str, decided_date: dt.date | None, as_of: dt.date) -> str:
    """A decision taken after the as-of date is not known yet: the application is still 'applied'."""
    if decided_date is None or pd.isna(decided_date) or decided_date > as_of:
        return "applied"
    return status


def applications_table(applications: pd.DataFrame, as_of: dt.date, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("icol.funder", lang): a["funder"],
                t("icol.source", lang): label("source", a["funding_source"], lang),
                t("icol.amount", lang): fmt.nok(a["amount"], lang),
                t("icol.applied", lang): fmt.date(a["applied_date"], lang),
                t("icol.status", lang): label("application", status_as_of(a["status"], a["decided_date"], as_of), lang),
                t("icol.decided", lang): fmt.date(
                    a["decided_date"] if status_as_of(a["status"], a["decided_date"], as_of) != "applied" else None,
                    lang,
                ),
            }
            for a in applications.to_dict("records")
        ]
    )


def stage_text(data: IndicatorData, lang: str) -> str:
    if data.stage is None:
        return t("indicators.no_stage", lang)
    return t(
        "indicators.stage",
        lang,
        code=fmt.plain(data.stage["code"]),
        title=fmt.plain(data.stage["title"]),
        date=data.stage["achieved_date"],
    )
