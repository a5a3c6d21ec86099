"""The funder report's tables, exact and language-free (codes and Decimal amounts).

Every figure comes from the functions the other pages use: the budget pivot (plan against actual by
year and cost category, or partner), the partner figures (own financing delivered = approved in-kind +
own cash), the results register's counts, the schedule's item status and the Effort page's person-month table
(monitor.effort.load). What is frozen on submission and fingerprinted is exactly these tables; labels, units and
rounding are added by monitor.reports.present.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.budget import explanations as budget_explanations
from monitor.budget import load as budget_load
from monitor.budget import pivot
from monitor.effort import load as effort_load
from monitor.money import ZERO, from_ore, to_ore
from monitor.partners import load as partner_load
from monitor.project.load import PLANNED, ProjectData, load_project
from monitor.registers import results
from monitor.reports import calendar
from monitor.schedule import views as schedule_views

MONEY_TABLES = ("cost", "cost_partner", "funding")
EFFORT = "effort"  # the person-month table (issue 17), last in every report so the older tables keep their places
TABLES = {
    calendar.PROGRESS: ("cost", "cost_partner", "funding", "results", "schedule", "popular", EFFORT),
    calendar.ACCOUNTS: ("cost", "cost_partner", "funding", "explanations", EFFORT),
    calendar.FINAL: ("cost", "cost_partner", "funding", "results", "schedule", "popular", EFFORT),
}
# Columns that identify a row of each table (the rest are its figures): how snapshots are compared.
KEYS = {
    "cost": ("year", "key"),
    "cost_partner": ("year", "key"),
    "funding": ("year", "key"),
    "results": ("category", "year"),
    "schedule": ("kind", "code"),
    "popular": ("lang",),
    "explanations": ("year", "cost_category", "partner_id"),
    EFFORT: ("wp_code", "partner_id"),
}
POPULAR_LIMIT = 5000
MONEY_COLUMNS = ("planned", "actual")
EFFORT_COLUMNS = ("planned_pm", "actual_hours", "actual_pm")
DECIMAL_COLUMNS = (*MONEY_COLUMNS, *EFFORT_COLUMNS)  # exact decimal strings in a snapshot, Decimal when read back
EFFORT_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Report:
    project: dict
    kind: str
    year: int | None
    period: str
    as_of: dt.date
    tables: dict[str, pd.DataFrame]
    partner_names: dict[str, str]
    # wp_code -> {lang: title}: the person-month table names its work packages by their titles
    work_packages: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def project_id(self) -> str:
        return self.project["project_id"]


class NoCostPlan(ValueError):
    """The funder report of a project without a cost plan (one from the funder's open data): its tables set the
    plan against the accounts, so without a plan there is no report to send, only zeros."""


def build(
    con: db.Connection,
    project_id: str,
    kind: str,
    year: int | None,
    as_of: dt.date,
    scope: Scope,
    look_ahead_days: int,
    require_plan: bool = False,
) -> Report:
    """The report `kind` (progress / accounts / final) for `year`, with actual figures up to as_of. With
    `require_plan` (a file for the funder) a project without a cost plan is refused (NoCostPlan)."""
    if kind not in calendar.KINDS:
        raise ValueError(f"unknown report {kind!r}; expected one of {', '.join(calendar.KINDS)}")
    data = load_project(con, project_id, as_of, scope)
    if require_plan and data.plan_status != PLANNED:
        raise NoCostPlan(project_id)
    period = calendar.period(kind, year)
    last = calendar.last_year(kind, year, data.project["end_date"])
    money = _money_tables(con, data, scope, last)
    other = {
        "results": results_table(results.load(con, project_id, scope), as_of, last),
        "schedule": schedule_table(data, look_ahead_days),
        "popular": popular_table(data.project),
        EFFORT: effort_table(con, project_id, scope, last_day(as_of, last)),
    }
    if "explanations" in TABLES[kind]:
        other["explanations"] = explanations_table(budget_explanations.read(con, project_id, scope), last)
    tables = {name: {**money, **other}[name] for name in TABLES[kind]}
    names = dict(zip(data.partners["partner_id"], data.partners["short_name"], strict=True))
    titles = {
        row["wp_code"]: {"nb": row["title_nb"], "en": row["title_en"]} for row in data.work_packages.to_dict("records")
    }
    return Report(
        project=data.project,
        kind=kind,
        year=year,
        period=period,
        as_of=as_of,
        tables=tables,
        partner_names=names,
        work_packages=titles,
    )


def last_day(as_of: dt.date, last: int) -> dt.date:
    """The report's last date: its as-of day, or the end of its last year when that comes first."""
    return min(as_of, dt.date(last, 12, 31))


def effort_table(con: db.Connection, project_id: str, scope: Scope, up_to: dt.date) -> pd.DataFrame:
    """wp_code, partner_id, planned_pm, actual_hours, actual_pm: the Effort page's person-month table
    (monitor.effort.load.person_month_table) with the approved hours of months up to `up_to` (in-kind hours
    included, as the one effort register counts them) against the whole current effort plan, as the scope may see it.
    The figures are held to two places so a snapshot's canonical JSON is the same on either engine; the deviation
    and the total row are derived when shown."""
    table = effort_load.person_month_table(effort_load.load(con, project_id, scope, up_to))
    return pd.DataFrame(
        {
            "wp_code": table["wp_code"].tolist(),
            "partner_id": table["partner_id"].tolist(),
            **{c: [Decimal(v).quantize(EFFORT_PLACES) for v in table[c]] for c in EFFORT_COLUMNS},
        },
        columns=["wp_code", "partner_id", *EFFORT_COLUMNS],
        dtype=object,
    )


def _money_tables(con, data: ProjectData, scope: Scope, last: int) -> dict[str, pd.DataFrame]:
    state = budget_load.load_budget(con, data, scope)
    by_year = partner_load.load(con, data.project_id, data.as_of, scope).by_year
    funding_plan = budget_load.pivot_table(state, ["year", "funding_source"])
    return {
        "cost": plan_against_actual(budget_load.pivot_table(state, ["year", "cost_category"]), "cost_category", last),
        "cost_partner": plan_against_actual(budget_load.pivot_table(state, ["year", "partner_id"]), "partner_id", last),
        "funding": funding_table(funding_plan, financing_by_source(by_year, data.funding_plan), last),
    }


def plan_against_actual(facts: pd.DataFrame, dim: str, last: int) -> pd.DataFrame:
    """year, key, planned (the year's whole budget), actual — from a budget pivot by year and dim."""
    frame = pd.DataFrame(
        {
            "year": [int(y) for y in facts["year"]],
            "key": facts[dim].tolist(),
            "planned": facts["planned"].tolist(),
            "actual": facts["actual"].tolist(),
        }
    )
    return _years_up_to(frame, last)


def _years_up_to(frame: pd.DataFrame, last: int) -> pd.DataFrame:
    return frame[frame["year"] <= last].sort_values(["year", "key"], ignore_index=True)


def financing_by_source(by_year: pd.DataFrame, funding_plan: pd.DataFrame) -> dict[tuple[int, str], Decimal]:
    """{(year, source): actual financing}. A partner's own financing is what the Partners page shows as
    delivered (approved in-kind + own cash); the rest of its ledger cost is split over its other planned
    sources that year in proportion to their amounts (monitor.budget.pivot.split_by); with none, '' (unattributed)."""
    plans = _plans_by_partner_year(funding_plan)
    sums: dict[tuple[int, str], int] = {}
    for row in by_year.to_dict("records"):
        year = int(row["year"])
        _add(sums, (year, "own"), to_ore(row["delivered"]))
        rest = to_ore(row["ledger_cost"]) - to_ore(row["cash"])
        others = {s: a for s, a in plans.get((row["partner_id"], year), {}).items() if s != "own" and a}
        if rest and not others:
            _add(sums, (year, pivot.UNATTRIBUTED), rest)
        elif rest:
            for source, part in zip(others, pivot.split_by(rest, others), strict=True):
                _add(sums, (year, source), part)
    return {key: from_ore(value) for key, value in sums.items()}


def _plans_by_partner_year(funding_plan: pd.DataFrame) -> dict[tuple[str, int], dict[str, int]]:
    plans: dict[tuple[str, int], dict[str, int]] = {}
    for partner, year, source, amount in zip(
        funding_plan["partner_id"],
        funding_plan["year"],
        funding_plan["funding_source"],
        funding_plan["amount"],
        strict=True,
    ):
        group = plans.setdefault((partner, int(year)), {})
        group[source] = group.get(source, 0) + to_ore(amount)
    return {key: dict(sorted(group.items())) for key, group in plans.items()}


def _add(sums: dict, key, value: int) -> None:
    sums[key] = sums.get(key, 0) + value


def funding_table(plan: pd.DataFrame, actual: dict[tuple[int, str], Decimal], last: int) -> pd.DataFrame:
    """year, key (funding source), planned (funding plan), actual (financing as above)."""
    planned = {
        (int(y), s): p
        for y, s, p in zip(plan["year"], plan["funding_source"], plan["planned"], strict=True)
        if s != pivot.UNATTRIBUTED
    }
    keys = sorted(set(planned) | set(actual))
    frame = pd.DataFrame(
        {
            "year": [y for y, _ in keys],
            "key": [s for _, s in keys],
            "planned": [planned.get(k, ZERO) for k in keys],
            "actual": [actual.get(k, ZERO) for k in keys],
        }
    )
    return _years_up_to(frame, last)


def results_table(register: pd.DataFrame, as_of: dt.date, last: int) -> pd.DataFrame:
    """category, year, count: results dated up to as_of, counted as on the Results page (all work packages)."""
    counts = results.counts(results.up_to(register, as_of))
    if counts.empty:
        return pd.DataFrame(columns=["category", "year", "count"])
    counts = counts[counts["year"] <= last]
    summed = counts.groupby(["category", "year"], as_index=False)["count"].sum()
    return summed.assign(year=summed["year"].astype(int), count=summed["count"].astype(int))


def explanations_table(explained: pd.DataFrame, last: int) -> pd.DataFrame:
    """year, cost_category, partner_id (None: the whole project), text: the leader's explanations of deviations
    from the cost plan in the years the report shows, as written (free text in the writer's language)."""
    rows = [
        [int(r["year"]), r["cost_category"], r["partner_id"], r["text"]]
        for r in explained.to_dict("records")
        if int(r["year"]) <= last
    ]
    rows.sort(key=lambda row: (row[0], row[1], row[2] or ""))
    return pd.DataFrame(rows, columns=["year", "cost_category", "partner_id", "text"], dtype=object)  # None stays None


def schedule_table(data: ProjectData, look_ahead_days: int) -> pd.DataFrame:
    """Milestones and deliverables with status as the Schedule page derives it; a milestone's delay is
    justified in its comment, a deliverable's in its delay justification."""
    source = schedule_views.ScheduleData(
        project=data.project,
        work_packages=data.work_packages,
        partners=data.partners,
        milestones=data.milestones,
        deliverables=data.deliverables,
    )
    items = schedule_views.items(source, data.as_of, look_ahead_days)
    comments = dict(zip(data.milestones["code"], data.milestones["comment"], strict=True))
    justification = [
        _text(j) if kind == "deliverable" else _text(comments.get(code))
        for kind, code, j in zip(items["kind"], items["code"], items["delay_justification"], strict=True)
    ]
    return pd.DataFrame(
        {
            "kind": items["kind"].tolist(),
            "code": items["code"].tolist(),
            "wp_code": [_text(w) for w in items["wp_code"]],
            "title": items["title"].tolist(),
            "baseline_due": items["baseline_due"].tolist(),
            "due_date": items["due_date"].tolist(),
            "done_date": [_done(d, data.as_of) for d in items["done_date"]],
            "status": items["status"].tolist(),
            "days_overdue": [int(d) for d in items["days_overdue"]],
            "slip_days": [int(d) for d in items["slip_days"]],
            "justification": justification,
        }
    )


def popular_table(project: dict) -> pd.DataFrame:
    """The popular-science presentation in both languages with its length against the 5,000-character limit."""
    texts = [("nb", _text(project.get("popular_summary_nb"))), ("en", _text(project.get("popular_summary_en")))]
    return pd.DataFrame(
        {
            "lang": [lang for lang, _ in texts],
            "text": [text for _, text in texts],
            "characters": [len(text) for _, text in texts],
            "limit": [POPULAR_LIMIT] * 2,
        }
    )


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _done(value, as_of: dt.date) -> dt.date | None:
    """A done date after the as-of day has not happened yet, seen from that day."""
    return None if value is None or pd.isna(value) or value > as_of else value


# --- canonical form: snapshots and the fingerprint ----------------------------------------------------


def to_json(tables: dict[str, pd.DataFrame]) -> str:
    """The tables as canonical JSON (sorted keys, amounts as exact decimal strings, dates ISO)."""
    payload = {
        name: {
            "columns": list(frame.columns),
            "rows": [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)],
        }
        for name, frame in tables.items()
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(value):
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def from_json(text: str) -> dict[str, pd.DataFrame]:
    """Tables back from `to_json`: amounts and person-months as Decimal, dates as date. A snapshot holds the
    tables its report had when submitted (one frozen before the person-month table simply has none)."""
    tables = {}
    for name, body in json.loads(text).items():
        frame = pd.DataFrame(body["rows"], columns=body["columns"], dtype=object)
        for column in frame.columns:
            if column in DECIMAL_COLUMNS:
                frame[column] = [None if v is None else Decimal(v) for v in frame[column]]
            elif column.endswith("_due") or column.endswith("_date"):
                frame[column] = [None if v is None else dt.date.fromisoformat(v) for v in frame[column]]
        tables[name] = frame
    return tables


def fingerprint(tables: dict[str, pd.DataFrame]) -> str:
    """sha256 of the canonical JSON: equal figures, equal fingerprint."""
    return hashlib.sha256(to_json(tables).encode("utf-8")).hexdigest()
