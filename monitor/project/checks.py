"""`monitor check`: consistency findings for a project. The same findings show in the app as data-quality notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.budget import explanations
from monitor.budget.load import load_budget
from monitor.config import Config
from monitor.effort import people
from monitor.money import total
from monitor.project.as_of import default_as_of
from monitor.project.load import load_project

ERROR, WARNING = "error", "warning"
# What a project lacks but may lack (no cost plan yet: one from the funder's open data): said, never counted against it.
NOTE = "note"


@dataclass(frozen=True)
class Finding:
    """One problem. `code` is an i18n key (check.<code>); `values` fill its placeholders."""

    level: str
    code: str
    values: dict = field(default_factory=dict)


def check_project(con: db.Connection, project_id: str, config: Config, scope: Scope) -> list[Finding]:
    scope.require_project(project_id)
    keyed = {"project_id": project_id}
    first, last = config["accounts.cost_range"]
    return [
        *_plan_balance(db.query(con, "check_plan_balance", **keyed)),
        *_declared_totals(con, project_id),
        *_unknown_references(db.query(con, "check_unknown_partners", **keyed), "partner_id", "unknown_partner"),
        *_unknown_references(db.query(con, "check_unknown_work_packages", **keyed), "wp_code", "unknown_wp"),
        *_accounts(db.query(con, "check_uncategorised_ledger", **keyed), ERROR, "uncategorised_account"),
        *_accounts(
            db.query(con, "check_accounts_outside_cost_range", first=first, last=last, **keyed),
            WARNING,
            "account_outside_cost_range",
        ),
        *_out_of_period(db.query(con, "check_out_of_period", **keyed)),
        *_duplicate_lines(db.query(con, "check_duplicate_source_lines", **keyed)),
        *_batch_totals(db.query(con, "check_import_batches", **keyed)),
        *_batch_audit(db.query(con, "check_import_audit", **keyed)),
        *_monthly_sums(db.query(con, "check_ledger_month", **keyed)),
        *_unexplained_deviations(con, project_id, config, scope),
    ]


def effort_breaches(con: db.Connection, project_id: str, scope: Scope) -> list[Finding]:
    """The funder's caps the project's people break (monitor/effort/people.py), one warning each: a person over
    1 850 hours or one person-year across the projects in the database, an hourly rate over the cap. Warnings, not
    errors: the data are consistent, the hours or the rate are the project's to correct. Not part of check_project
    (whose findings every reader of the Overview sees): loads are personal data, for the leader and the person's
    own partner only, so this refuses a viewer as people.breaches does."""
    findings = []
    for breach in people.breaches(con, project_id, scope):
        values = {"person": breach.person, "year": breach.year, "projects": ", ".join(breach.projects)}
        if breach.kind.startswith("rate_"):
            values.update(rate=breach.figure, cap=breach.limit)
        else:
            values.update(hours=_whole(breach.figure), limit=_whole(breach.limit))
        findings.append(Finding(WARNING, f"effort_{breach.kind}", values))
    return findings


def _whole(hours: Decimal) -> int | Decimal:
    """1 636 hours as 1636, not 1 636,0; a fraction stays a Decimal."""
    return int(hours) if hours == hours.to_integral_value() else hours


def _unexplained_deviations(con: db.Connection, project_id: str, config: Config, scope: Scope) -> list[Finding]:
    """Deviations above the threshold without an explanation in years whose accounts report was submitted (the
    funder got them unexplained): one warning per year, naming the largest."""
    submitted = set(db.query(con, "check_submitted_accounts_years", project_id=project_id)["year"])
    if not submitted:
        return []
    end = db.query(con, "project", project_id=project_id).iloc[0]["end_date"]
    data = load_project(con, project_id, default_as_of(config, dt.date.today(), end), scope)
    found = explanations.unexplained(
        load_budget(con, data, scope),
        explanations.read(con, project_id, scope),
        explanations.Threshold.from_settings(config),
    )
    findings = []
    for year in sorted(int(y) for y in set(found["year"]) if int(y) in submitted):
        part = found[found["year"] == year]
        largest = max(part["deviation"], key=abs)
        findings.append(
            Finding(WARNING, "unexplained_deviation", {"year": year, "count": len(part), "amount": largest})
        )
    return findings


def _plan_balance(rows) -> list[Finding]:
    return [
        Finding(
            ERROR,
            "plan_unbalanced",
            {
                "version": r["plan_version"],
                "year": r["year"],
                "cost": r["cost_total"],
                "funding": r["funding_total"],
                "difference": r["cost_total"] - r["funding_total"],
            },
        )
        for r in rows.to_dict("records")
    ]


def _declared_totals(con: db.Connection, project_id: str) -> list[Finding]:
    """The baseline plan against the published totals: the total must match; the parts often are rounded. A project
    without a plan yet (only the figures declared to the funder) gets one note saying so: no plan is not a plan of
    zero that differs from the declared total."""
    project = db.query(con, "project", project_id=project_id).iloc[0]
    plan = db.query(con, "cost_plan", project_id=project_id, plan_version="baseline", partner_id=None)
    if plan.empty:
        return [Finding(NOTE, "no_cost_plan")]
    funding = db.query(con, "funding_plan", project_id=project_id, plan_version="baseline", partner_id=None)
    findings = []
    for part, level, planned in (
        ("total", ERROR, total(plan["amount"])),
        ("funder", WARNING, total(funding.loc[funding["funding_source"] == "funder", "amount"])),
        ("own", WARNING, total(funding.loc[funding["funding_source"] != "funder", "amount"])),
    ):
        declared = project[f"declared_{part}"]
        if declared is not None and not pd.isna(declared) and Decimal(declared) != planned:
            findings.append(
                Finding(
                    level,
                    f"declared_{part}_differs",
                    {"declared": declared, "planned": planned, "difference": planned - declared},
                )
            )
    return findings


def _unknown_references(rows, column: str, code: str) -> list[Finding]:
    return [
        Finding(ERROR, code, {"value": r[column], "table": r["used_in"], "count": r["uses"]})
        for r in rows.to_dict("records")
    ]


def _accounts(rows, level: str, code: str) -> list[Finding]:
    return [
        Finding(level, code, {"account": r["account"], "count": r["lines"], "amount": r["amount"]})
        for r in rows.to_dict("records")
    ]


def _out_of_period(rows) -> list[Finding]:
    return [
        Finding(WARNING, "outside_period", {"table": r["used_in"], "key": r["row_key"], "date": r["row_date"]})
        for r in rows.to_dict("records")
    ]


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == ERROR for f in findings)


def _duplicate_lines(rows) -> list[Finding]:
    """Imports never write a source line twice; this catches any other way in (the ledger has no unique index)."""
    return [
        Finding(ERROR, "duplicate_source_line", {"key": r["source_line"], "count": r["lines"], "amount": r["amount"]})
        for r in rows.to_dict("records")
    ]


def _monthly_sums(rows) -> list[Finding]:
    """The stored monthly sums the portfolio reads (ledger_month) must equal the ledger summed now; a difference
    means the ledger was written around the app. `python -m monitor check` says how to rebuild them."""
    return [
        Finding(
            ERROR, "ledger_month_differs", {"month": r["month_start"], "ledger": r["ledger"], "stored": r["stored"]}
        )
        for r in rows.to_dict("records")
    ]


def _batch_totals(rows) -> list[Finding]:
    """Each import batch records the lines and total it wrote; the ledger must still hold exactly those. A
    difference means lines lost or changed outside an import, undo or replace (damage, or a hand edit)."""
    findings = []
    for r in rows.to_dict("records"):
        found = {"batch": r["batch_id"], "file": r["file_name"], "found": r["lines_found"], "amount": r["amount_found"]}
        if r["unrecorded"]:
            findings.append(Finding(ERROR, "lines_without_batch", found))
        elif r["undone"]:
            findings.append(Finding(ERROR, "batch_undone_has_lines", found))
        else:
            findings.append(
                Finding(
                    ERROR, "batch_lines_differ", {**found, "lines": r["rows_inserted"], "declared": r["amount_total"]}
                )
            )
    return findings


def _batch_audit(rows) -> list[Finding]:
    return [
        Finding(ERROR, r["problem"], {"batch": r["batch_id"], "file": r["file_name"]}) for r in rows.to_dict("records")
    ]


def check_database(con: db.Connection, db_path: Path) -> list[Finding]:
    """What concerns the database file rather than one project: every table read in full (DuckDB checks each
    block's checksum as it reads; a damaged block raises db.DatabaseDamaged), and write-ahead logs DuckDB
    could not replay (kept aside by db.connect: committed changes may be missing)."""
    try:
        db.read_every_row(con)
    except db.Error as error:
        if db.is_damage(error):
            raise db.DatabaseDamaged(db_path, db.first_line(error)) from None
        raise
    if db.is_postgres(con):  # a server keeps its own write-ahead log
        return []
    return [Finding(WARNING, "unreplayed_wal", {"file": kept}) for kept in db.unreplayed_wals(db_path)]
