"""Every project in a scope on one screen: period and time elapsed, budget, spent, forecast, overdue
items, status with its reason and the next deadline.

Two ways to the same figures. `from_project_data` runs the overview's own functions (status.headline,
status.work_package_status, summary.build_summary) on one loaded project: it is the definition.
`portfolio` computes the same figures for all projects at once with set-based SQL (about nine queries
per project would take seconds at 300 projects) and then the same domain rules in Python; the tests
hold the two, and `summary --json`, equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import charts, db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.budget import load as budget_load
from monitor.config import Config
from monitor.i18n import label, t
from monitor.money import ZERO, share, total
from monitor.project import load as project_load
from monitor.project.load import ProjectData
from monitor.project.status import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    Reason,
    _reasons,
    _worst,
    headline,
    schedule_items,
    work_package_status,
)
from monitor.project.summary import build_summary
from monitor.schedule import rules as schedule_rules

SEVERITY = {ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2}


@dataclass(frozen=True)
class NextDeadline:
    due_date: dt.date
    kind: str
    code: str
    title: str


@dataclass(frozen=True)
class PortfolioRow:
    project_id: str
    acronym: str
    name_en: str
    name_nb: str
    is_sample_data: bool
    start_date: dt.date
    end_date: dt.date
    time_share: Decimal
    budget: Decimal
    spent: Decimal
    spent_share: Decimal | None
    forecast: Decimal
    milestones_overdue: int
    deliverables_overdue: int
    status: str
    reasons: tuple[tuple[str, Reason], ...]  # (work package, reason) of the work packages that set the status
    next_deadline: NextDeadline | None
    # What an office filters by: the programme, the owner partner's name and its sector code (None: not given).
    programme: str | None
    owner: str | None
    sector: str | None
    # What the budget rests on (project.load: planned, declared_only, no_plan) and the grant declared by the
    # funder: a project from the open data has only that until a cost plan exists, and its budget is then 0.
    plan_status: str
    declared_grant: Decimal | None

    @property
    def declared_only(self) -> bool:
        return self.plan_status == project_load.DECLARED_ONLY


# --- The definition: one loaded project through the overview's and summary's functions -------------


def from_project_data(data: ProjectData, config: Config) -> PortfolioRow:
    figures = headline(data)
    summary = build_summary(data, config)
    statuses = work_package_status(data, config)
    worst = max((s.status for s in statuses), key=SEVERITY.get, default=ON_TRACK)
    items = schedule_items(data, config["status.look_ahead_days"])
    project = data.project
    owner = data.partners[data.partners["partner_id"] == project.get("owner_partner_id")]
    return PortfolioRow(
        **_identity(project),
        owner=None if owner.empty else owner.iloc[0]["name"],
        sector=None if owner.empty else owner.iloc[0]["sector"],
        plan_status=data.plan_status,
        time_share=figures.time_share,
        budget=figures.budget,
        spent=figures.spent,
        spent_share=figures.spent_share,
        forecast=figures.forecast,
        milestones_overdue=summary["milestones"]["overdue"],
        deliverables_overdue=summary["deliverables"]["overdue"],
        status=worst,
        reasons=tuple((s.wp_code, r) for s in statuses if s.status == worst for r in s.reasons),
        next_deadline=_next_deadline(items.to_dict("records"), data.as_of),
    )


def _next_deadline(items: list[dict], as_of: dt.date) -> NextDeadline | None:
    """The earliest item not yet done that is due on or after the as-of date."""
    open_items = [i for i in items if i["due_date"] >= as_of and not _done(i["done_date"], as_of)]
    if not open_items:
        return None
    first = min(open_items, key=lambda i: (i["due_date"], i["code"]))
    return NextDeadline(first["due_date"], first["kind"], first["code"], first["title"])


def _identity(project: dict) -> dict:
    """The project's own fields of its row: id, names, sample-data flag, period, programme and declared grant."""
    names = ("project_id", "acronym", "name_en", "name_nb", "start_date", "end_date")
    return {
        **{name: project[name] for name in names},
        "is_sample_data": bool(project["is_sample_data"]),
        "programme": _given(project.get("programme")),
        "declared_grant": _given(project.get("declared_funder")),
    }


def _given(value):
    """A nullable column's value, None for SQL null (which a DataFrame may hold as NaN)."""
    return None if value is None or pd.isna(value) else value


def _done(done_on, as_of: dt.date) -> bool:
    return done_on is not None and not pd.isna(done_on) and done_on <= as_of


# --- The fast path: all projects at once ---------------------------------------------------------


BY_WORK_PACKAGE, BY_YEAR = "work_package", "year"  # the two sums of `amounts`, in their column `per`


def amounts(con: db.Connection, scope: Scope, as_of: dt.date) -> list[dict]:
    """Planned and spent in the scope (a partner user: its own rows) up to the as-of date, as records of two kinds
    (`per`): per project and work package (BY_WORK_PACKAGE) for `portfolio`, and per project and calendar year
    (BY_YEAR) for office.years_from; one read for both."""
    partner = scope.partner_filter()
    month = as_of.replace(day=1)
    return _records(con, "portfolio_amounts", as_of=as_of, month_start=month, partner_id=partner, **_keyed(scope))


def portfolio(
    con: db.Connection, scope: Scope, as_of: dt.date, config: Config, read: list[dict] | None = None
) -> list[PortfolioRow]:
    """One row per project the scope may see, with the figures `from_project_data` gives for it. `read` is
    `amounts(con, scope, as_of)` when the caller has it already."""
    keyed = _keyed(scope)
    projects = _records(con, "portfolio_projects", partner_id=scope.partner_filter(), **keyed)
    read = amounts(con, scope, as_of) if read is None else read
    amounts_by_project = _grouped([a for a in read if a["per"] == BY_WORK_PACKAGE])
    wps = _grouped(_records(con, "portfolio_work_packages", **keyed))
    items = _grouped(_records(con, "portfolio_items", as_of=as_of, **keyed))
    look_ahead = config["status.look_ahead_days"]
    return [
        _row(
            p,
            amounts_by_project.get(p["project_id"], []),
            wps.get(p["project_id"], []),
            items.get(p["project_id"], []),
            as_of,
            look_ahead,
            config,
        )
        for p in projects
    ]


def _keyed(scope: Scope) -> dict:
    """The scope's projects as the portfolio's queries take them: every project, or the listed ones."""
    return {"all_projects": scope.project_ids is None, "project_ids": sorted(scope.project_ids or [])}


def _records(con: db.Connection, name: str, **params) -> list[dict]:
    """A named query's rows as dicts, without a DataFrame in between: at 300 projects the round trip
    through pandas cost a third of the time."""
    return db.records(con, name, **params)


def _grouped(records: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(record["project_id"], []).append(record)
    return groups


def _row(
    project: dict,
    amounts: list[dict],
    wps: list[dict],
    items: list[dict],
    as_of: dt.date,
    look_ahead: int,
    config: Config,
) -> PortfolioRow:
    start, end = project["start_date"], project["end_date"]
    planned = total(a["planned"] for a in amounts)
    spent = total(a["spent"] for a in amounts)
    for item in items:
        item["status"] = schedule_rules.item_status(item["due_date"], item["done_date"], as_of, look_ahead)
        item["days_overdue"] = (as_of - item["due_date"]).days if item["status"] == schedule_rules.OVERDUE else 0
    by_wp = _by_work_package(amounts, items)
    statuses = [_wp_status(wp, *by_wp.get(wp["wp_code"], _NOTHING), as_of, config) for wp in wps]
    worst = max((s for s, _, _ in statuses), key=SEVERITY.get, default=ON_TRACK)
    overdue = [i for i in items if i["status"] == schedule_rules.OVERDUE]
    return PortfolioRow(
        **_identity(project),
        owner=project["owner"],
        sector=project["owner_sector"],
        plan_status=_plan_status(project),
        time_share=budget_load.elapsed_fraction(start, end, as_of),
        budget=planned,
        spent=spent,
        spent_share=share(spent, planned),
        forecast=budget_load.run_rate_forecast(spent, planned, start, end, as_of),
        milestones_overdue=sum(i["kind"] == "milestone" for i in overdue),
        deliverables_overdue=sum(i["kind"] == "deliverable" for i in overdue),
        status=worst,
        reasons=tuple((code, r) for s, code, reasons in statuses if s == worst for r in reasons),
        next_deadline=_next_deadline(items, as_of),
    )


def _plan_status(project: dict) -> str:
    """project.load.plan_status from the set-based row: a cost plan the scope sees, else the declared figures."""
    if project["has_cost_plan"]:
        return project_load.PLANNED
    declared = (project["declared_total"], project["declared_funder"])
    return project_load.DECLARED_ONLY if any(v is not None for v in declared) else project_load.NO_PLAN


_NOTHING = ([], [], [])


def _by_work_package(amounts: list[dict], items: list[dict]) -> dict[str, tuple[list, list, list]]:
    """Per work package code: its planned amounts, its spent amounts and its overdue items as (code, days), in one
    pass over the project's rows (filtering them again for each work package cost a third of the page at 3000)."""
    groups: dict[str, tuple[list, list, list]] = {}
    for a in amounts:
        planned, spent, _ = groups.setdefault(a["wp_code"], ([], [], []))
        planned.append(a["planned"])
        spent.append(a["spent"])
    for i in items:
        if i["status"] == schedule_rules.OVERDUE:
            groups.setdefault(i["wp_code"], ([], [], []))[2].append((i["code"], i["days_overdue"]))
    return groups


def _wp_status(wp: dict, planned: list, spent: list, overdue: list, as_of: dt.date, config: Config):
    """status.work_package_status for one work package, from the set-based rows."""
    planned_total, spent_total = total(planned), total(spent)
    time_share = budget_load.elapsed_fraction(wp["start_date"], wp["end_date"], as_of)
    reasons = _reasons(share(spent_total, planned_total), time_share, overdue, config)
    return _worst(reasons, config), wp["wp_code"], reasons


def totals(rows: list[PortfolioRow]) -> dict[str, Decimal]:
    """Budget, spent and forecast over the listed projects, and beside them (never in the budget) the grants of
    the projects that have only the funder's declared figures."""
    return {
        "declared": sum((r.declared_grant for r in rows if r.declared_only and r.declared_grant is not None), ZERO),
        "budget": sum((r.budget for r in rows), ZERO),
        "spent": sum((r.spent for r in rows), ZERO),
        "forecast": sum((r.forecast for r in rows), ZERO),
    }


# --- Views: display-ready table and chart -------------------------------------------------------


_COLUMNS = (
    "project", "period", "time", "programme", "owner", "sector", "budget", "spent", "spent_vs_time", "forecast",
    "milestones_overdue", "deliverables_overdue", "status", "reason", "next_deadline", "sample",
)  # fmt: skip


def table(rows: list[PortfolioRow], lang: str) -> pd.DataFrame:
    """One display row per project, labels in lang; exact amounts rounded to kroner for display. Built by column,
    the words looked up once: at 3000 projects the table is the page's largest cost after its reads."""
    not_given, no_plan = t("portfolio.not_given", lang), t("portfolio.no_plan", lang)
    sectors = {r.sector: label("sector", r.sector, lang) for r in rows if r.sector}
    statuses = {status: label("wpstatus", status, lang) for status in SEVERITY}
    values = {
        "project": [f"{r.acronym} ({r.project_id})" for r in rows],
        "period": [f"{fmt.date(r.start_date, lang)} – {fmt.date(r.end_date, lang)}" for r in rows],
        "time": [fmt.percent(r.time_share, lang) for r in rows],
        "programme": [r.programme or not_given for r in rows],
        "owner": [r.owner or not_given for r in rows],
        "sector": [sectors[r.sector] if r.sector else not_given for r in rows],
        "budget": [budget_text(r, lang) for r in rows],
        "spent": [fmt.nok(r.spent, lang) for r in rows],
        "spent_vs_time": [f"{fmt.percent(r.spent_share, lang)} / {fmt.percent(r.time_share, lang)}" for r in rows],
        "forecast": [no_plan if r.declared_only else fmt.nok(r.forecast, lang) for r in rows],
        "milestones_overdue": [r.milestones_overdue for r in rows],
        "deliverables_overdue": [r.deliverables_overdue for r in rows],
        "status": [statuses[r.status] for r in rows],
        "reason": [reason_text(r, lang) for r in rows],
        "next_deadline": [_deadline_text(r.next_deadline, lang) for r in rows],
        "sample": [r.is_sample_data for r in rows],
    }
    return pd.DataFrame({t(f"pcol.{name}", lang): values[name] for name in _COLUMNS})


def budget_text(row: PortfolioRow, lang: str) -> str:
    """The planned budget; for a project with only the funder's grant, that grant marked as declared (its planned
    budget, 0, would read as a fact)."""
    if row.declared_only and row.declared_grant is not None:
        return t("portfolio.declared_grant", lang, amount=fmt.nok(row.declared_grant, lang))
    return fmt.nok(row.budget, lang)


def reason_text(row: PortfolioRow, lang: str) -> str:
    if not row.reasons:
        return t("reason.none", lang)
    return "; ".join(f"{code}: {t(r.code, lang, **r.values)}" for code, r in row.reasons)


def _deadline_text(deadline: NextDeadline | None, lang: str) -> str:
    if deadline is None:
        return t("portfolio.no_deadline", lang)
    return f"{fmt.date(deadline.due_date, lang)} {deadline.code} {deadline.title}"


MAX_NAMED_POINTS = 40  # above this the names are on hover only


def chart(rows: list[PortfolioRow], lang: str) -> go.Figure:
    """Share of budget spent against share of time, one dot per project named by its acronym and coloured
    by its status; on the diagonal spend follows time. Floats only here, for drawing. A project without a cost
    plan has no share spent: it is left out rather than drawn at 0 %."""
    rows = [r for r in rows if not r.declared_only]
    percent = t("chart.percent_suffix", lang)
    mode = "markers+text" if len(rows) <= MAX_NAMED_POINTS else "markers"  # hundreds of names would be a smudge
    figure = go.Figure()
    for status in (ON_TRACK, AT_RISK, OFF_TRACK):
        chosen = [r for r in rows if r.status == status]
        figure.add_trace(
            go.Scatter(
                name=label("wpstatus", status, lang),
                mode=mode,
                textposition="top center",
                marker={"color": charts.STATUS_COLOURS[status], "size": 11, "line": {"width": 1, "color": "#333"}},
                x=[float(r.time_share * 100) for r in chosen],
                y=[float((r.spent_share or ZERO) * 100) for r in chosen],
                text=[r.acronym for r in chosen],
                customdata=[r.project_id for r in chosen],
                hovertemplate=(
                    f"%{{text}}<br>{t('portfolio.chart_x', lang)}: {charts.hover_number('x')}{percent}"
                    f"<br>{t('portfolio.chart_y', lang)}: {charts.hover_number('y')}{percent}<extra></extra>"
                ),
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[0, 100],
            y=[0, 100],
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            line={"color": "grey", "dash": "dot"},
        )
    )
    top = max([105.0, *(float((r.spent_share or ZERO) * 100) + 8 for r in rows)])  # room for the names above
    figure.update_layout(
        height=420,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"title": t("portfolio.chart_x", lang), "range": [0, 105]},
        yaxis={"title": t("portfolio.chart_y", lang), "range": [0, top]},
    )
    return charts.legend_below(charts.localise(figure, lang))
