"""Build a database from seed folders (project.yaml + CSV files), all or nothing.

The loader checks each value's form (dates, amounts, codes) and names file, row, column and reason;
cross-references (partners, work packages, plan totals) are the job of `monitor check`, so a
deliberately inconsistent seed still loads and can be examined.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from monitor import db, parse
from monitor.codes import (
    COMMITMENT_STATUSES,
    COST_CATEGORIES,
    DELIVERABLE_STATUSES,
    EFFORT_SOURCES,
    EFFORT_STATUSES,
    FUNDING_SOURCES,
    INKIND_STATUSES,
    PARTNER_ROLES,
    PARTNER_SECTORS,
    PAYMENT_KINDS,
    PAYMENT_STATUSES,
    PERSON_CATEGORIES,
    RESULT_CATEGORIES,
    RISK_STATES,
)
from monitor.config import Config
from monitor.errors import Problem
from monitor.ledger import months
from monitor.ledger.readers.mapping import category_for, rules_for
from monitor.portfolio.indicators import ACTOR_GROUPS, APPLICATION_STATUSES


class SeedInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = str.strip
    required: bool = True


def _choice(*choices: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text.strip() not in choices:
            raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
        return text.strip()

    return check


def _score(text: str) -> int:
    value = parse.whole_number(text)
    if not 1 <= value <= 5:
        raise ValueError(f"{text!r} is not a score from 1 to 5")
    return value


@dataclass(frozen=True)
class SeedTable:
    file: str
    table: str
    columns: tuple[Column, ...]
    required: bool = False


SEED_TABLES: tuple[SeedTable, ...] = (
    SeedTable(
        "partners.csv",
        "partner",
        (
            Column("partner_id"),
            Column("name"),
            Column("short_name"),
            Column("org_number", required=False),
            Column("sector", _choice(*PARTNER_SECTORS)),
            Column("role", _choice(*PARTNER_ROLES)),
        ),
        required=True,
    ),
    SeedTable(
        "work_packages.csv",
        "work_package",
        (
            Column("wp_code"),
            Column("title_en"),
            Column("title_nb"),
            Column("lead_person", required=False),
            Column("lead_partner_id", required=False),
            Column("start_date", parse.iso_date),
            Column("end_date", parse.iso_date),
        ),
        required=True,
    ),
    SeedTable(
        "cost_plan.csv",
        "cost_plan",
        (
            Column("plan_version"),
            Column("year", parse.whole_number),
            Column("cost_category", _choice(*COST_CATEGORIES)),
            Column("partner_id"),
            Column("wp_code", required=False),
            Column("amount", parse.money),
        ),
        required=True,
    ),
    SeedTable(
        "funding_plan.csv",
        "funding_plan",
        (
            Column("plan_version"),
            Column("year", parse.whole_number),
            Column("funding_source", _choice(*FUNDING_SOURCES)),
            Column("partner_id"),
            Column("amount", parse.money),
        ),
        required=True,
    ),
    SeedTable(
        "ledger.csv",
        "ledger_entry",
        (
            Column("posting_date", parse.iso_date),
            Column("account"),
            Column("account_name", required=False),
            Column("partner_id"),
            Column("wp_code", required=False),
            Column("amount", parse.money),
            Column("text", required=False),
            Column("voucher", required=False),
        ),
    ),
    SeedTable(
        "inkind.csv",
        "inkind_contribution",
        (
            Column("partner_id"),
            Column("work_date", parse.iso_date),
            Column("person_role"),
            Column("hours", parse.decimal),
            Column("hourly_rate", parse.money),
            Column("activity", required=False),
            Column("wp_code", required=False),
            Column("status", _choice(*INKIND_STATUSES)),
            Column("reported_by", required=False),
            Column("decided_by", required=False),
            Column("decision_comment", required=False),
        ),
    ),
    SeedTable(
        "milestones.csv",
        "milestone",
        (
            Column("code"),
            Column("wp_code", required=False),
            Column("title"),
            Column("baseline_due", parse.iso_date),
            Column("due_date", parse.iso_date),
            Column("achieved_date", parse.iso_date, required=False),
            Column("comment", required=False),
        ),
    ),
    SeedTable(
        "deliverables.csv",
        "deliverable",
        (
            Column("code"),
            Column("wp_code", required=False),
            Column("title"),
            Column("type", required=False),
            Column("responsible_partner_id", required=False),
            Column("baseline_due", parse.iso_date),
            Column("due_date", parse.iso_date),
            Column("status", _choice(*DELIVERABLE_STATUSES)),
            Column("delivered_date", parse.iso_date, required=False),
            Column("delay_justification", required=False),
            Column("link", required=False),
        ),
    ),
    SeedTable(
        "results.csv",
        "result",
        (
            Column("category", _choice(*RESULT_CATEGORIES)),
            Column("title"),
            Column("result_date", parse.iso_date),
            Column("wp_code", required=False),
            Column("partner_ids", required=False),
            Column("authors", required=False),
            Column("doi", required=False),
            Column("cristin_id", required=False),
            Column("url", required=False),
            Column("open_access", parse.boolean, required=False),
            Column("audience", required=False),
            *(
                Column(f"attendance_{group}", parse.whole_number, required=False)
                for group in ("migrants", "employers", "support", "researchers", "others")
            ),
        ),
    ),
    SeedTable(
        "risks.csv",
        "risk",
        (
            Column("title"),
            Column("wp_code", required=False),
            Column("probability", _score),
            Column("impact", _score),
            Column("owner", required=False),
            Column("mitigation", required=False),
            Column("state", _choice(*RISK_STATES)),
        ),
    ),
    SeedTable(
        "indicators.csv",
        "indicator",
        (
            Column("indicator_id"),
            Column("name_en"),
            Column("name_nb"),
            Column("unit"),
            Column("target", parse.decimal, required=False),
        ),
    ),
    SeedTable(
        "indicator_values.csv",
        "indicator_value",
        (Column("indicator_id"), Column("value_date", parse.iso_date), Column("value", parse.decimal)),
    ),
    SeedTable(
        "events.csv",
        "event_attendance",
        (
            Column("event_id"),
            Column("event_date", parse.iso_date),
            Column("title"),
            Column("actor_group", _choice(*ACTOR_GROUPS)),
            Column("attendees", parse.whole_number),
        ),
    ),
    SeedTable(
        "funding_applications.csv",
        "funding_application",
        (
            Column("application_id"),
            Column("funder"),
            Column("funding_source", _choice(*FUNDING_SOURCES)),
            Column("applicant_partner_id", required=False),
            Column("amount", parse.money),
            Column("applied_date", parse.iso_date),
            Column("status", _choice(*APPLICATION_STATUSES)),
            Column("decided_date", parse.iso_date, required=False),
            Column("note", required=False),
        ),
    ),
    # Money as it moves (issue 16): the funder's payments, the transfers to partners, open orders.
    SeedTable(
        "payments.csv",
        "funder_payment",
        (
            Column("payment_date", parse.iso_date),
            Column("amount", parse.money),
            Column("payment_kind", _choice(*PAYMENT_KINDS)),
            Column("payment_status", _choice(*PAYMENT_STATUSES)),
            Column("reference", required=False),
            Column("note", required=False),
        ),
    ),
    SeedTable(
        "transfers.csv",
        "partner_transfer",
        (
            Column("partner_id"),
            Column("grant_year", parse.whole_number),
            Column("due_date", parse.iso_date),
            Column("paid_date", parse.iso_date, required=False),
            Column("amount", parse.money),
            Column("reference", required=False),
            Column("note", required=False),
        ),
    ),
    SeedTable(
        "commitments.csv",
        "commitment",
        (
            Column("partner_id"),
            Column("cost_category", _choice(*COST_CATEGORIES)),
            Column("wp_code", required=False),
            Column("ordered_date", parse.iso_date),
            Column("expected_date", parse.iso_date, required=False),
            Column("amount", parse.money),
            Column("supplier", required=False),
            Column("reference", required=False),
            Column("commitment_status", _choice(*COMMITMENT_STATUSES)),
            Column("note", required=False),
        ),
    ),
    # Effort (issue 17): the people, their planned person-months and their hours. A person is keyed in the files by
    # its `person_code`, turned into the person_id the database gives it when loaded (see _load_effort).
    SeedTable(
        "people.csv",
        "person",
        (
            Column("person_code"),
            Column("partner_id"),
            Column("name"),
            Column("is_role", parse.boolean, required=False),
            Column("category", _choice(*PERSON_CATEGORIES)),
            Column("annual_salary", parse.money, required=False),
            Column("hourly_salary", parse.money, required=False),
            Column("person_ref", required=False),
        ),
    ),
    SeedTable(
        "effort_plan.csv",
        "effort_plan",
        (
            Column("plan_version"),
            Column("person_code"),
            Column("wp_code"),
            Column("year", parse.whole_number),
            Column("person_months", parse.decimal),
        ),
    ),
    SeedTable(
        "hours.csv",
        "effort_actual",
        (
            Column("person_code"),
            Column("wp_code"),
            Column("month", parse.iso_date),
            Column("hours", parse.decimal),
            Column("status", _choice(*EFFORT_STATUSES)),
            Column("source", _choice(*EFFORT_SOURCES)),
        ),
    ),
    # Explained deviations (issue 16): always sample data, the seed documents have none; loaded before the
    # submitted reports are frozen, so the accounts reports carry them.
    SeedTable(
        "deviation_explanations.csv",
        "deviation_explanation",
        (
            Column("year", parse.whole_number),
            Column("cost_category", _choice(*COST_CATEGORIES)),
            Column("partner_id", required=False),
            Column("text"),
            Column("written_by"),
            Column("written_at", parse.iso_date),
        ),
    ),
)


# Reports the sample story says were sent to the funder: each becomes a report_snapshot whose frozen tables
# are the report as the database gives it at `as_of` (the real tables at that day), submitted by SEED_USER.
SUBMITTED_REPORTS = SeedTable(
    "submitted_reports.csv",
    "report_snapshot",
    (
        Column("report_type", _choice("progress", "accounts", "final")),
        Column("period"),
        Column("as_of", parse.iso_date),
        Column("submitted_at", parse.iso_date),
    ),
)
SEED_USER = "seed"

# Change requests of the sample story, replayed through monitor/changes (the same rules and writes as in the app)
# in date order with the submitted reports: a request is drafted from the plan of its day with the lines of
# change_request_lines.csv (plan lines with their proposed amounts), then submitted and decided as its status
# says; an approved one makes the plan version the later reports were frozen with.
CHANGE_REQUESTS = SeedTable(
    "change_requests.csv",
    "change_request",
    (
        Column("request", parse.whole_number),
        Column("kind", _choice("budget", "period", "partners")),
        Column("title"),
        Column("reason", required=False),
        Column("status", _choice("draft", "submitted", "approved", "rejected")),
        Column("created_at", parse.iso_date),
        Column("submitted_at", parse.iso_date, required=False),
        Column("decided_at", parse.iso_date, required=False),
        Column("decision_note", required=False),
        Column("new_end_date", parse.iso_date, required=False),
    ),
)
CHANGE_REQUEST_LINES = SeedTable(
    "change_request_lines.csv",
    "change_request_line",
    (
        Column("request", parse.whole_number),
        Column("year", parse.whole_number),
        Column("cost_category", _choice(*COST_CATEGORIES)),
        Column("partner_id"),
        Column("wp_code", required=False),
        Column("amount", parse.money),
    ),
)


def project_folders(seed_dir: Path) -> list[Path]:
    """A seed folder is one project (it has project.yaml) or a folder of such project folders."""
    if (seed_dir / "project.yaml").exists():
        return [seed_dir]
    folders = sorted(p for p in seed_dir.iterdir() if (p / "project.yaml").exists()) if seed_dir.is_dir() else []
    if not folders:
        raise SeedInvalid([Problem(str(seed_dir), None, None, "no project.yaml here or in its sub-folders")])
    return folders


def read_project(folder: Path) -> dict[str, Any]:
    """project.yaml -> a project row."""
    path = folder / "project.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise SeedInvalid([Problem(str(path), None, None, f"not valid YAML: {error}")]) from None
    problems = [
        Problem(str(path), None, key, "missing")
        for key in ("id", "acronym", "name_en", "name_nb", "funder", "start_date", "end_date")
        if not raw.get(key)
    ]
    if problems:
        raise SeedInvalid(problems)
    declared, sample = raw.get("declared") or {}, raw.get("sample_data") or {}
    row = {
        "project_id": str(raw["id"]),
        "name_en": raw["name_en"],
        "name_nb": raw["name_nb"],
        "acronym": raw["acronym"],
        "programme": raw.get("programme"),
        "funder_ref": str(raw.get("funder_ref") or "") or None,
        "owner_partner_id": raw.get("owner_partner_id"),
        "leader": raw.get("leader"),
        "popular_summary_en": raw.get("popular_summary_en"),
        "popular_summary_nb": raw.get("popular_summary_nb"),
        "is_sample_data": bool(sample.get("is_sample")),
    }
    try:
        row["funder"], row["funder_nb"] = _in_both_languages(raw["funder"])
        row["sample_data_note"], row["sample_data_note_nb"] = _in_both_languages(sample.get("note"))
    except ValueError as error:
        raise SeedInvalid([Problem(str(path), None, None, str(error))]) from None
    try:
        row["start_date"], row["end_date"] = (_as_date(raw["start_date"]), _as_date(raw["end_date"]))
        for part in ("total", "funder", "own"):
            value = declared.get(part)
            row[f"declared_{part}"] = parse.money(str(value)) if value is not None else None
    except ValueError as error:
        raise SeedInvalid([Problem(str(path), None, None, str(error))]) from None
    return row


def _in_both_languages(value: Any) -> tuple[str | None, str | None]:
    """A text given once (a name, the same in both languages) or as {en: ..., nb: ...} -> (en, nb)."""
    if not isinstance(value, dict):
        return (str(value) if value is not None else None), None
    if set(value) != {"en", "nb"}:
        raise ValueError(f"a text in two languages needs exactly the keys en and nb, not {sorted(value)}")
    return str(value["en"]), str(value["nb"])


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else parse.iso_date(str(value))


def read_table(folder: Path, spec: SeedTable) -> tuple[list[dict[str, Any]], list[Problem]]:
    path = folder / spec.file
    if not path.exists():
        return [], ([Problem(str(path), None, None, "file is missing")] if spec.required else [])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c.name for c in spec.columns if c.name not in (reader.fieldnames or [])]
        if missing:
            return [], [Problem(str(path), 1, name, "column is missing from the header") for name in missing]
        rows, problems = [], []
        for number, raw in enumerate(reader, start=2):  # row 1 is the header
            row, row_problems = _parse_row(raw, spec.columns, str(path), number)
            rows.append(row)
            problems.extend(row_problems)
    return rows, problems


def _parse_row(raw: dict[str, str | None], columns: tuple[Column, ...], file: str, number: int):
    row: dict[str, Any] = {"_row": number}
    problems = []
    for column in columns:
        text = (raw.get(column.name) or "").strip()
        if not text:
            row[column.name] = None
            if column.required:
                problems.append(Problem(file, number, column.name, "value is required"))
            continue
        try:
            row[column.name] = column.parse(text)
        except ValueError as error:
            problems.append(Problem(file, number, column.name, str(error)))
    return row, problems


def load_project(con: db.Connection, folder: Path, config: Config) -> str:
    """Read and validate one project folder, then insert it (the caller owns the transaction)."""
    project = read_project(folder)
    tables, problems = {}, []
    for spec in SEED_TABLES:
        rows, table_problems = read_table(folder, spec)
        tables[spec] = rows
        problems.extend(table_problems)
    submitted, submitted_problems = read_table(folder, SUBMITTED_REPORTS)
    problems.extend(submitted_problems + _period_problems(submitted, folder))
    requests, request_problems = read_table(folder, CHANGE_REQUESTS)
    request_lines, line_problems = read_table(folder, CHANGE_REQUEST_LINES)
    problems.extend(request_problems + line_problems + _request_problems(requests, request_lines, folder))
    problems.extend(_person_code_problems(tables, folder))
    if problems:
        raise SeedInvalid(problems)
    project_id = project["project_id"]
    _insert(con, "project", [project])
    rules = rules_for(config["accounts.mapping"], project_id)
    effort = {}
    for spec, rows in tables.items():
        prepared = [_prepare(spec, row, project_id, folder, rules) for row in rows]
        if spec.table in EFFORT_TABLES:
            effort[spec.table] = prepared
        else:
            _insert(con, spec.table, prepared)
    _insert(
        con,
        "plan_version",
        [
            {
                "project_id": project_id,
                "plan_version": "baseline",
                "label": "Contract baseline",
                "created_by": "seed",
                "is_current": True,
            }
        ],
    )
    months.refresh(con, project_id)
    _replay_history(con, project_id, folder, submitted, requests, request_lines, config)
    # Last, so the ids the database gives the rows loaded before (requests, reports) are as they were without it.
    person_ids: dict[str, int] = {}
    for table, prepared in effort.items():
        _load_effort(con, table, prepared, person_ids)
    return project_id


EFFORT_TABLES = ("person", "effort_plan", "effort_actual")


def _person_code_problems(tables: dict[SeedTable, list[dict[str, Any]]], folder: Path) -> list[Problem]:
    """Each person code is given once in people.csv, and the plan and hours name only those."""
    by_file = {spec.file: rows for spec, rows in tables.items()}
    problems, codes = [], set()
    for row in by_file.get("people.csv", []):
        if row["person_code"] in codes:
            problems.append(Problem(str(folder / "people.csv"), row["_row"], "person_code", "person code given twice"))
        codes.add(row["person_code"])
    for file in ("effort_plan.csv", "hours.csv"):
        problems += [
            Problem(str(folder / file), row["_row"], "person_code", f"{row['person_code']!r} is not in people.csv")
            for row in by_file.get(file, [])
            if row["person_code"] is not None and row["person_code"] not in codes
        ]
    return problems


def _load_effort(con: db.Connection, table: str, rows: list[dict[str, Any]], person_ids: dict[str, int]) -> None:
    """People one by one, to learn the person_id each gets (the same insert as the people register's); then the
    plan and the hours with each person code turned into that id."""
    if table == "person":
        for row in rows:
            code = row.pop("person_code")
            row.update(person_name=row.pop("name"), person_category=row.pop("category"))
            person_ids[code] = db.scalar(con, "register_person_insert", **row)
        return
    for row in rows:
        row["person_id"] = person_ids[row.pop("person_code")]
    _insert(con, table, rows)


def _request_problems(requests: list[dict], lines: list[dict], folder: Path) -> list[Problem]:
    """Each line names a request of the file; a submitted request has its date, a decided one both dates."""
    path, numbers, problems = str(folder / CHANGE_REQUESTS.file), {r.get("request") for r in requests}, []
    for row in requests:
        needed = {"submitted": ("submitted_at",), "approved": ("submitted_at", "decided_at")}
        needed["rejected"] = needed["approved"]
        for column in needed.get(row.get("status"), ()):
            if row.get(column) is None:
                problems.append(Problem(path, row["_row"], column, f"a {row['status']} request needs its {column}"))
    for row in lines:
        if row.get("request") not in numbers:
            problems.append(
                Problem(str(folder / CHANGE_REQUEST_LINES.file), row["_row"], "request", "no such request in the file")
            )
    return problems


def _replay_history(
    con: db.Connection,
    project_id: str,
    folder: Path,
    submitted: list[dict[str, Any]],
    requests: list[dict[str, Any]],
    request_lines: list[dict[str, Any]],
    config: Config,
) -> None:
    """The story's dated events in order: each change request on the day it was decided (or submitted, or drafted),
    each submitted report frozen on its as-of day, so a report shows the plan of its day. Like the rest of the seed
    it leaves no rows in the audit log (see seed_audit_forget.sql)."""
    events = [(row["as_of"], 1, "report", row) for row in submitted]
    events += [(_request_day(row), 0, "request", row) for row in requests]
    for _, _, kind, row in sorted(events, key=lambda event: (event[0], event[1], event[3]["_row"])):
        if kind == "report":
            _freeze_submitted(con, project_id, [row], config)
        else:
            lines = [line for line in request_lines if line["request"] == row["request"]]
            _replay_request(con, project_id, folder, row, lines, config)
    db.execute(con, "seed_audit_forget", user_name=SEED_USER, project_id=project_id)


def _request_day(row: dict[str, Any]) -> dt.date:
    return row.get("decided_at") or row.get("submitted_at") or row["created_at"]


def _replay_request(
    con: db.Connection, project_id: str, folder: Path, row: dict[str, Any], lines: list[dict[str, Any]], config: Config
) -> None:
    from monitor.access.scope import local_user
    from monitor.changes import edit as change_edit
    from monitor.changes import rules as change_rules
    from monitor.errors import Invalid

    story = {**row, "created_at": dt.datetime.combine(row["created_at"], dt.time(9, 0)), "note": row["decision_note"]}
    try:
        change_edit.replay(con, project_id, story, lines, local_user(SEED_USER), change_rules.limits_from(config))
    except Invalid as refused:
        path = str(folder / CHANGE_REQUESTS.file)
        raise SeedInvalid([Problem(path, row["_row"], p.column, str(p.reason)) for p in refused.problems]) from None


def _period_problems(rows: list[dict[str, Any]], folder: Path) -> list[Problem]:
    """A progress or accounts report's period is a year; the final report's is 'final'."""
    path, problems = str(folder / SUBMITTED_REPORTS.file), []
    for row in rows:
        kind, period = row.get("report_type"), row.get("period")
        if kind is None or period is None:
            continue
        if (kind == "final") != (period == "final") or (kind != "final" and not period.isdigit()):
            problems.append(
                Problem(
                    path,
                    row["_row"],
                    "period",
                    f"{period!r} is not a period of a {kind} report (a year, or 'final' for the final report)",
                )
            )
    return problems


def _freeze_submitted(con: db.Connection, project_id: str, rows: list[dict[str, Any]], config: Config) -> None:
    """Store each submitted report of the seed with the tables the report had at its as-of date."""
    from monitor.access.scope import local_user
    from monitor.reports import locks, snapshot, tables  # the report builders read what was just inserted

    for row in rows:
        year = None if row["report_type"] == "final" else int(row["period"])
        report = tables.build(
            con,
            project_id,
            row["report_type"],
            year,
            row["as_of"],
            local_user(SEED_USER),
            config["status.look_ahead_days"],
        )
        # The seed's people, plan and hours are loaded after its history (load_project), so the person-month table
        # cannot be built as of these days: the seed's reports are frozen as sent before the report had it, in the
        # older form of a snapshot the app reads as it is (monitor.reports.snapshot.differences).
        del report.tables[tables.EFFORT]
        submitted_at = dt.datetime.combine(row["submitted_at"], dt.time(12, 0))
        stored = snapshot.store(con, report, SEED_USER, submitted_at)
        if row["report_type"] == "accounts":  # a submitted accounts report locks its year, as in the app
            locks.lock(con, project_id, year, stored.snapshot_id, local_user(SEED_USER), submitted_at, audited=False)


def _prepare(spec: SeedTable, row: dict[str, Any], project_id: str, folder: Path, rules) -> dict[str, Any]:
    line = row.pop("_row")
    row["project_id"] = project_id
    if spec.table == "ledger_entry":
        row.update(
            year=row["posting_date"].year,
            period=row["posting_date"].month,
            cost_category=category_for(row["account"], rules),
            source_file=f"{folder.name}/{spec.file}",
            source_line=f"seed:{folder.name}/{spec.file}:{line}",
        )
    if spec.table == "inkind_contribution":
        row["amount"] = (row["hours"] * row["hourly_rate"]).quantize(Decimal("0.01"))
    if spec.table == "deviation_explanation":
        row["written_at"] = dt.datetime.combine(row["written_at"], dt.time(9, 0))
        row["is_sample_data"] = True
    return row


def _insert(con: db.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    # Table and column names come from SEED_TABLES above, never from the file; values are bound.
    db.insert_rows(con, table, rows)


def build_database(db_path: Path, seed_dir: Path, config: Config, force: bool = False) -> list[str]:
    """Build db_path from seed_dir. Written to a temporary file first, so a bad seed leaves nothing behind."""
    db_path = Path(db_path)
    if db_path.exists() and not force:
        raise FileExistsError(f"{db_path} exists; use --force to rebuild it from the seed folder")
    folders = project_folders(Path(seed_dir))
    temporary = db_path.with_name(db_path.name + ".building")
    _remove_database_files(temporary)
    con = db.connect(temporary)
    try:
        with db.transaction(con):
            loaded = [load_project(con, folder, config) for folder in folders]
        db.checkpoint(con)
    except BaseException:
        con.close()
        _remove_database_files(temporary)
        raise
    con.close()
    _remove_database_files(db_path)
    os.replace(temporary, db_path)
    return loaded


def load_into(con: db.Connection, seed_dir: Path, config: Config) -> list[str]:
    """Load every project of seed_dir into an open, empty database (a PostgreSQL one: a file is built by
    build_database), all in one transaction."""
    folders = project_folders(Path(seed_dir))
    with db.transaction(con):
        return [load_project(con, folder, config) for folder in folders]


def _remove_database_files(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)
