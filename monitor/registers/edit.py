"""Add, edit and delete rows of the milestone, deliverable, result and risk registers — validated,
version-checked and audited.

Every write goes through `apply`: it reads the rows it touches inside one transaction, refuses the
whole batch when a row changed since the editor read it (optimistic locking on the `version`
column) or when a value is invalid, then writes the rows and their audit-log entries together.
A refused save is itself logged, after the rollback, so both sides of a conflict are on record.
Forms, the table editor and file imports all call this module; none of them writes SQL of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.codes import (
    COMMITMENT_STATUSES,
    COST_CATEGORIES,
    DELIVERABLE_STATUSES,
    EFFORT_SOURCES,
    EFFORT_STATUSES,
    PAYMENT_KINDS,
    PAYMENT_STATUSES,
    PERSON_CATEGORIES,
    RESULT_CATEGORIES,
    RISK_STATES,
)
from monitor.errors import Conflict, Invalid, NotFound, Notice, Problem
from monitor.i18n import catalog, label, t
from monitor.money import CENT

ADD, EDIT, DELETE = "add", "edit", "delete"
# Money of a project moves for a while after it ends: the final payment waits for the approved final report.
AFTER_END_DAYS = 366
MAX_AMOUNT = Decimal(10) ** 16  # DECIMAL(18, 2) holds less than this
MAX_HOURS = Decimal(10) ** 8  # DECIMAL(10, 2) holds less than this
ACTOR_GROUPS = ("migrants", "employers", "support", "researchers", "others")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_NORWEGIAN_DATE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


@dataclass(frozen=True)
class Field:
    """One editable column. kind: text, date, count (whole number >= 0), score (1-5), bool, choice,
    wp (a work package code), partner (a partner id), partners (partner ids separated by ';'), money (an
    amount above zero, two decimals at most), year (a calendar year of the project period), hours (above zero,
    two decimals at most), person (the id of a person of the project).
    `days_after_end`: how long after the project's end a date may lie (a final payment comes after the final
    report)."""

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    days_after_end: int = 0


@dataclass(frozen=True)
class Register:
    name: str
    table: str
    key: str
    generated_key: bool
    fields: tuple[Field, ...]
    # The column naming whose row it is, for registers a partner may read only its own rows of.
    partner_field: str | None = None
    # The funder's payments are the project owner's business: a partner sees its own transfers, not these.
    partners_read: bool = True
    # Fields that tell a row of a file without its key (a bank's export knows no payment_id) from another: a
    # second import of the same file finds its rows again instead of adding them twice.
    natural_key: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        """Columns as shown, exported and imported: key, fields, version."""
        return [self.key, *(f.name for f in self.fields), "version"]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


REGISTERS: dict[str, Register] = {
    r.name: r
    for r in (
        Register(
            "milestones",
            "milestone",
            "code",
            False,
            (
                Field("wp_code", "wp"),
                Field("title", required=True),
                Field("baseline_due", "date", True),
                Field("due_date", "date", True),
                Field("achieved_date", "date"),
                Field("comment"),
            ),
        ),
        Register(
            "deliverables",
            "deliverable",
            "code",
            False,
            (
                Field("wp_code", "wp"),
                Field("title", required=True),
                Field("type"),
                Field("responsible_partner_id", "partner"),
                Field("baseline_due", "date", True),
                Field("due_date", "date", True),
                Field("status", "choice", True, DELIVERABLE_STATUSES),
                Field("delivered_date", "date"),
                Field("delay_justification"),
                Field("link"),
            ),
        ),
        Register(
            "results",
            "result",
            "result_id",
            True,
            (
                Field("category", "choice", True, RESULT_CATEGORIES),
                Field("title", required=True),
                Field("result_date", "date", True),
                Field("wp_code", "wp"),
                Field("partner_ids", "partners"),
                Field("authors"),
                Field("doi"),
                Field("cristin_id"),
                Field("url"),
                Field("open_access", "bool"),
                Field("audience"),
                *(Field(f"attendance_{group}", "count") for group in ACTOR_GROUPS),
            ),
        ),
        Register(
            "risks",
            "risk",
            "risk_id",
            True,
            (
                Field("title", required=True),
                Field("wp_code", "wp"),
                Field("probability", "score", True),
                Field("impact", "score", True),
                Field("owner"),
                Field("mitigation"),
                Field("state", "choice", True, RISK_STATES),
            ),
        ),
        Register(
            "payments",
            "funder_payment",
            "payment_id",
            True,
            (
                Field("payment_date", "date", True, days_after_end=AFTER_END_DAYS),
                Field("amount", "money", True),
                Field("payment_kind", "choice", True, PAYMENT_KINDS),
                Field("payment_status", "choice", True, PAYMENT_STATUSES),
                Field("reference"),
                Field("note"),
            ),
            partners_read=False,
            natural_key=("payment_date", "amount", "payment_kind", "reference"),
        ),
        Register(
            "transfers",
            "partner_transfer",
            "transfer_id",
            True,
            (
                Field("partner_id", "partner", True),
                Field("grant_year", "year", True),
                Field("due_date", "date", True, days_after_end=AFTER_END_DAYS),
                Field("paid_date", "date", days_after_end=AFTER_END_DAYS),
                Field("amount", "money", True),
                Field("reference"),
                Field("note"),
            ),
            partner_field="partner_id",
            natural_key=("partner_id", "grant_year", "due_date", "amount"),
        ),
        Register(
            "commitments",
            "commitment",
            "commitment_id",
            True,
            (
                Field("partner_id", "partner", True),
                Field("cost_category", "choice", True, COST_CATEGORIES),
                Field("wp_code", "wp"),
                Field("ordered_date", "date", True),
                Field("expected_date", "date"),
                Field("amount", "money", True),
                Field("supplier"),
                Field("reference"),
                Field("commitment_status", "choice", True, COMMITMENT_STATUSES),
                Field("note"),
            ),
            partner_field="partner_id",
            natural_key=("partner_id", "ordered_date", "amount", "reference"),
        ),
        # Effort (issue 17): the people of a project and the hours they worked. An hours row has no partner of its
        # own: its SQL reads the partner of its person, so a partner sees its own people's hours only.
        Register(
            "people",
            "person",
            "person_id",
            True,
            (
                Field("partner_id", "partner", True),
                Field("person_name", required=True),
                Field("is_role", "bool"),
                Field("person_category", "choice", True, PERSON_CATEGORIES),
                Field("annual_salary", "money"),
                Field("hourly_salary", "money"),
                # Who the person is across projects (employee number or e-mail): caps and loads count all of them.
                Field("person_ref"),
            ),
            partner_field="partner_id",
            natural_key=("partner_id", "person_name"),
        ),
        Register(
            "hours",
            "effort_actual",
            "effort_id",
            True,
            (
                Field("person_id", "person", True),
                Field("wp_code", "wp", True),
                Field("month", "date", True),
                Field("hours", "hours", True),
                Field("effort_status", "choice", True, EFFORT_STATUSES),
                Field("effort_source", "choice", False, EFFORT_SOURCES),
            ),
            partner_field="partner_id",
            natural_key=("person_id", "wp_code", "month"),
        ),
    )
}


@dataclass(frozen=True)
class Change:
    """One requested change. `version` is the row version the editor read (None only for adds, and for
    imports whose file has no version: the file then wins). `line` names the file row or table row."""

    op: str
    values: dict[str, Any] = field(default_factory=dict)
    key: Any = None
    version: int | None = None
    line: int | None = None


def problem(line: int | None, field_name: str | None, code: str, **values: Any) -> Problem:
    """A Problem told by the catalog text registers.problem.<code>, at a row and field of the register."""
    return Problem(None, line, field_name, Notice(f"registers.problem.{code}", **values))


def invalid(problems: list[Problem]) -> Invalid:
    """The register's problems, fields named by their labels."""
    return Invalid(problems, column_label=field_label)


def field_label(name: str, lang: str) -> str:
    """A register column by its label; a name without one (a file's unknown column) as it is."""
    key = f"registers.field.{name}"
    return t(key, lang) if key in catalog() else name


CHOICE_LABELS = {
    "status": "schedule.stage",
    "category": "results.category",
    "state": "risks.state",
    "cost_category": "category",
    "payment_kind": "cash.payment_kind",
    "payment_status": "cash.payment_status",
    "commitment_status": "cash.commitment_status",
    "person_category": "effort.category",
    "effort_status": "effort.status",
    "effort_source": "effort.source",
}


def choice_label(field_name: str, code: Any, lang: str) -> str:
    """The label of a choice field's code (deliverable status, result category, risk state, payment kind...)."""
    return label(CHOICE_LABELS.get(field_name, field_name), code, lang)


@dataclass(frozen=True)
class References:
    """What values are checked against: the project period and the known codes."""

    start: dt.date
    end: dt.date
    wp_codes: frozenset[str]
    partner_ids: frozenset[str]
    person_ids: frozenset[int] = frozenset()


def references(con: db.Connection, project_id: str, scope: Scope) -> References:
    """What a row may refer to: the project's period, work packages and partners."""
    scope.require_project(project_id)
    return _references(con, project_id)


def _references(con: db.Connection, project_id: str) -> References:
    project = db.query(con, "project", project_id=project_id)
    if project.empty:
        raise NotFound(f"no project {project_id!r}")
    row = project.iloc[0]
    return References(
        start=row["start_date"],
        end=row["end_date"],
        wp_codes=frozenset(db.query(con, "work_packages", project_id=project_id)["wp_code"]),
        partner_ids=frozenset(db.query(con, "partners", project_id=project_id)["partner_id"]),
        person_ids=frozenset(int(i) for i in db.query(con, "effort_person_ids", project_id=project_id)["person_id"]),
    )


def partner_names(con: db.Connection, project_id: str, scope: Scope) -> dict[str, str]:
    """{partner id: short name}: how the editor shows a partner it stores by id."""
    scope.require_project(project_id)
    partners = db.query(con, "partners", project_id=project_id)
    return dict(zip(partners["partner_id"], partners["short_name"], strict=True))


# --- the public write API ---------------------------------------------------------------------


def edit(
    con, register: str, project_id: str, key: Any, version: int, values: dict[str, Any], scope: Scope, today: dt.date
) -> int:
    """Change some fields of a row read at `version`; returns the new version."""
    return apply(con, register, project_id, [Change(EDIT, values, key, version)], scope, today)[0]


def rows(con: db.Connection, register: str, project_id: str, scope: Scope) -> pd.DataFrame:
    """The register as stored, in the columns of `Register.columns`. Object columns keep the values as
    Python has them (int, date, bool, None): a count with gaps must not turn into a float."""
    scope.require_project(project_id)
    spec = REGISTERS[register]
    if not spec.partners_read and scope.partner_filter() is not None:
        raise AccessDenied(f"{scope.user} (partner) may not read the {register} register")
    records = _records(con, spec, project_id, None, scope.partner_filter() if spec.partner_field else None)
    return pd.DataFrame(records, columns=spec.columns, dtype=object)


def _records(con, spec: Register, project_id: str, key: Any, partner_id: str | None = None) -> list[dict[str, Any]]:
    # Writes read whole rows (only editors write); a partner's read binds its own partner id.
    mine = {"partner_id": partner_id} if spec.partner_field else {}
    return db.records(con, f"register_{spec.table}_rows", project_id=project_id, key=key, **mine)


def apply(
    con: db.Connection,
    register: str,
    project_id: str,
    changes: Iterable[Change],
    scope: Scope,
    today: dt.date,
    dry_run: bool = False,
) -> list[Any]:
    """Validate and write a batch of changes in one transaction, all or nothing, each field change
    logged under the scope's user. Returns per change: the key (add), the new version (edit), None (delete);
    with `dry_run` nothing is written and each change's outcome is ADD, EDIT, DELETE or None (nothing to change).
    Raises AccessDenied or Invalid (nothing written), NotFound, or Conflict (nothing written; the attempt is
    logged)."""
    scope.require_edit(project_id)
    spec, changes, user = REGISTERS[register], list(changes), scope.user
    refs = _references(con, project_id)
    if dry_run:  # a preview: every check, nothing written
        planned = [_plan(con, spec, project_id, change, refs, today) for change in changes]
        _raise_problems(planned)
        return [_outcome(step) for step in planned]
    try:
        with db.transaction(con):
            planned = [_plan(con, spec, project_id, change, refs, today) for change in changes]
            _raise_problems(planned)
            return [_write(con, spec, project_id, step, user) for step in planned]
    except Conflict as conflict:
        _log_refused(con, spec, project_id, conflict, changes, user)
        raise
    except db.WriteConflict:
        # Another session committed a change to the same row while this transaction ran.
        conflict = _conflict(con, spec, project_id, _first_key(changes))
        _log_refused(con, spec, project_id, conflict, changes, user)
        raise conflict from None


def changes_from_editor(register: str, snapshot: pd.DataFrame, state: dict[str, Any]) -> list[Change]:
    """The changes a table editor holds ({"edited_rows": {position: {column: value}}, "added_rows": [...],
    "deleted_rows": [position]}) against the snapshot it was shown, each with the version that was read.
    `line` is the 1-based table row, so problems point at what the user sees."""
    spec, changes = REGISTERS[register], []
    for position, values in sorted((int(p), v) for p, v in (state.get("edited_rows") or {}).items()):
        row = snapshot.iloc[position]
        changes.append(Change(EDIT, dict(values), row[spec.key], int(row["version"]), position + 1))
    for number, values in enumerate(state.get("added_rows") or [], start=len(snapshot) + 1):
        changes.append(Change(ADD, dict(values), line=number))
    for position in sorted(int(p) for p in state.get("deleted_rows") or []):
        row = snapshot.iloc[position]
        changes.append(Change(DELETE, {}, row[spec.key], int(row["version"]), position + 1))
    return changes


# --- planning: read, merge, validate ----------------------------------------------------------


@dataclass
class _Step:
    change: Change
    key: Any
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    problems: list[Problem]


def _plan(con, spec: Register, project_id: str, change: Change, refs: References, today: dt.date) -> _Step:
    if change.op not in (ADD, EDIT, DELETE):
        raise ValueError(f"unknown operation {change.op!r}")
    if change.op == ADD:
        key, old = (None if spec.generated_key else key_value(spec, change.values.get(spec.key))), None
    else:
        key = key_value(spec, change.key)
        old = _current(con, spec, project_id, key, change)
    if change.op == DELETE:
        return _Step(change, key, old, None, [])
    merged, problems = clean(spec, {**(old or {}), **change.values}, change.line)
    if (
        change.op == EDIT
        and not _blank(change.values.get(spec.key))
        and key_value(spec, change.values[spec.key]) != key
    ):
        problems.append(problem(change.line, spec.key, "key_changed"))
    if old is not None and not problems and all(merged[f.name] == old[f.name] for f in spec.fields):
        return _Step(change, key, old, merged, [])  # nothing changes: stored rows are not re-judged
    problems += validate(spec, merged, refs, today, change.line)
    if change.op == ADD and not spec.generated_key:
        problems += _new_key_problems(con, spec, project_id, key, change.line)
    return _Step(change, key, old, merged, problems)


def _outcome(step: _Step) -> str | None:
    """What a change would do: ADD, EDIT (some field differs), DELETE, or None (the row is as the change says)."""
    if step.change.op == EDIT and all(value == step.old.get(name) for name, value in step.new.items()):
        return None
    return step.change.op


def _current(con, spec: Register, project_id: str, key: Any, change: Change) -> dict[str, Any]:
    found = _records(con, spec, project_id, key)
    if not found:
        if change.version is not None:
            raise _conflict(con, spec, project_id, key)  # deleted by someone else since it was read
        raise NotFound(f"{spec.table} {key} does not exist in project {project_id}")
    row = found[0]
    if change.version is not None and int(change.version) != row["version"]:
        raise _conflict(con, spec, project_id, key)
    return row


def _new_key_problems(con, spec: Register, project_id: str, key: Any, line: int | None) -> list[Problem]:
    if key is None or (isinstance(key, str) and not key.strip()):
        return [problem(line, spec.key, "required")]
    taken = bool(_records(con, spec, project_id, key))
    return [problem(line, spec.key, "key_exists", value=key)] if taken else []


def _raise_problems(planned: list[_Step]) -> None:
    problems = [problem for step in planned for problem in step.problems]
    if problems:
        raise invalid(problems)


def _conflict(con, spec: Register, project_id: str, key: Any) -> Conflict:
    last = audit.last_change(con, project_id, spec.table, key)
    return Conflict(spec.table, key, *(last or (None, None)))


def _first_key(changes: list[Change]) -> Any:
    return next((c.key for c in changes if c.key is not None), None)


# --- values: text or typed in, typed out ------------------------------------------------------


def clean(spec: Register, values: dict[str, Any], line: int | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """The register's fields as typed values (text from files and editors is parsed), with the problems
    of form: required, type, choice. Unknown fields are ignored."""
    row, problems = {}, []
    for f in spec.fields:
        try:
            row[f.name] = _typed(f, values.get(f.name))
        except BadValue as error:
            row[f.name] = None
            problems.append(problem(line, f.name, error.code, **error.values))
            continue
        if f.required and row[f.name] is None:
            problems.append(problem(line, f.name, "required"))
    return row, problems


class BadValue(ValueError):
    """A value of the wrong form; `code` and `values` tell it by the catalog (registers.problem.<code>)."""

    def __init__(self, code: str, **values: Any):
        self.code, self.values = code, values
        super().__init__(t(f"registers.problem.{code}", "en", **values))


def _typed(f: Field, value: Any) -> Any:
    if _blank(value):
        return None
    parse = _PARSERS[f.kind]
    return parse(f, value)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return not isinstance(value, (list, dict)) and bool(pd.isna(value))


def _text(f: Field, value: Any) -> str:
    return str(value).strip()


def _date(f: Field, value: Any) -> dt.date:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if _NORWEGIAN_DATE.fullmatch(text):  # a bank's or accounting system's export: 30.05.2024
            day, month, year = text.split(".")
            return dt.date(int(year), int(month), int(day))
        # The table editor may send a date column's value as an ISO date-time ("2024-01-01T00:00:00.000").
        return dt.datetime.fromisoformat(text).date() if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue("not_date", value=text) from None


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue("not_whole", value=str(value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]+", text):  # \d and int() would take '١٢' as 12
        raise BadValue("not_whole", value=text)
    return int(text)


def _count(f: Field, value: Any) -> int:
    number = _whole(value)
    if number < 0:
        raise BadValue("negative", value=str(number))
    return number


def _score(f: Field, value: Any) -> int:
    number = _whole(value)
    if not 1 <= number <= 5:
        raise BadValue("not_score", value=str(number))
    return number


def _bool(f: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "yes", "ja", "1"):
        return True
    if lowered in ("false", "no", "nei", "0"):
        return False
    raise BadValue("not_bool", value=str(value))


def _choice(f: Field, value: Any) -> str:
    text = str(value).strip()
    if text not in f.choices:
        raise BadValue("not_choice", value=text, choices=", ".join(f.choices))
    return text


def _money(f: Field, value: Any) -> Decimal:
    """An amount as a file or an editor gives it: 12500, 12500.5, '12 500,50' (nb), '12,500.50' (en)."""
    if isinstance(value, bool):
        raise BadValue("not_money", value=str(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:  # the later one is the decimal mark, the other groups thousands
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):  # ASCII digits only, as in _whole
        raise BadValue("not_money", value=str(value))
    amount = Decimal(text)
    if amount != amount.quantize(CENT) or abs(amount) >= MAX_AMOUNT:
        raise BadValue("not_money", value=str(value))
    if amount <= 0:
        raise BadValue("not_positive", value=str(value))
    return amount.quantize(CENT)


def _hours(f: Field, value: Any) -> Decimal:
    """Hours as a timesheet gives them: 7.5, '7,5', '1 200'; above zero, two decimals at most."""
    try:
        hours = _money(f, value)
    except BadValue as error:
        raise BadValue("not_hours" if error.code == "not_money" else error.code, **error.values) from None
    if hours >= MAX_HOURS:
        raise BadValue("not_hours", value=str(value))
    return hours


def _person(f: Field, value: Any) -> int:
    return _whole(value)


def _year(f: Field, value: Any) -> int:
    return _whole(value)


def _partners(f: Field, value: Any) -> str:
    ids = [part.strip() for part in str(value).split(";") if part.strip()]
    return ";".join(ids)


_PARSERS = {
    "text": _text,
    "wp": _text,
    "partner": _text,
    "partners": _partners,
    "date": _date,
    "count": _count,
    "score": _score,
    "bool": _bool,
    "choice": _choice,
    "money": _money,
    "year": _year,
    "hours": _hours,
    "person": _person,
}


def key_value(spec: Register, key: Any) -> Any:
    if key is None:
        return None
    return _whole(key) if spec.generated_key else str(key).strip()


# --- rules across fields ----------------------------------------------------------------------


def validate(
    spec: Register, row: dict[str, Any], refs: References, today: dt.date, line: int | None = None
) -> list[Problem]:
    """The rules a row must satisfy beyond its form: dates inside the project period, known codes,
    and the register's own rules (late deliverables need a justification, safe links)."""
    problems = [
        problem(line, f.name, found[0], **found[1])
        for f in spec.fields
        if row.get(f.name) is not None and (found := _reference_problem(f, row[f.name], refs))
    ]
    rule = _RULES.get(spec.name)
    if rule:
        problems += [problem(line, name, code, **values) for name, code, values in rule(row, today)]
    return problems


def _reference_problem(f: Field, value: Any, refs: References) -> tuple[str, dict] | None:
    """(catalog code, values) of a value outside the project's period or codes, or None."""
    end = refs.end + dt.timedelta(days=f.days_after_end)
    if f.kind == "date" and not refs.start <= value <= end:
        return "outside_period", {"value": value, "start": refs.start, "end": end}
    if f.kind == "year" and not refs.start.year <= value <= refs.end.year:
        return "outside_years", {"value": value, "start": refs.start.year, "end": refs.end.year}
    if f.kind == "wp" and value not in refs.wp_codes:
        return "unknown_wp", {"value": value}
    if f.kind == "partner" and value not in refs.partner_ids:
        return "unknown_partner", {"value": value}
    if f.kind == "person" and value not in refs.person_ids:
        return "unknown_person", {"value": value}
    if f.kind == "partners":
        unknown = [p for p in value.split(";") if p not in refs.partner_ids]
        return ("unknown_partners", {"value": ", ".join(unknown)}) if unknown else None
    return None


def is_late(row: dict[str, Any], today: dt.date) -> bool:
    """A deliverable is late when delivered after its due date, or not delivered and its due date has passed."""
    due, delivered = row.get("due_date"), row.get("delivered_date")
    if due is None:
        return False
    return delivered > due if delivered is not None else due < today


# A rule's finding: (field, catalog code, values).
_Finding = tuple[str, str, dict[str, Any]]


def _deliverable_rules(row: dict[str, Any], today: dt.date) -> list[_Finding]:
    problems = []
    if row.get("status") == "submitted" and row.get("delivered_date") is None:
        problems.append(("delivered_date", "submitted_needs_date", {}))
    if row.get("delivered_date") is not None and row.get("status") != "submitted":
        problems.append(("status", "delivered_needs_submitted", {}))
    if is_late(row, today) and row.get("delay_justification") is None:
        problems.append(("delay_justification", "late_needs_justification", {}))
    return problems + _link_problems(row, "link")


def _result_rules(row: dict[str, Any], today: dt.date) -> list[_Finding]:
    problems = []
    if row.get("doi") and not _DOI.match(row["doi"]):
        problems.append(("doi", "not_doi", {"value": row["doi"]}))
    if row.get("cristin_id") and not re.fullmatch(r"[0-9]+", row["cristin_id"]):
        problems.append(("cristin_id", "not_cristin", {"value": row["cristin_id"]}))
    return problems + _link_problems(row, "url")


def _link_problems(row: dict[str, Any], name: str) -> list[_Finding]:
    # Links are rendered as clickable: only web addresses, never javascript: or data: URLs.
    value = row.get(name)
    return [(name, "not_url", {"value": value})] if value and not _URL.match(value) else []


def _hours_rules(row: dict[str, Any], today: dt.date) -> list[_Finding]:
    # Hours are kept per month: the month is its first day, so a month's hours are one row per person and WP.
    month = row.get("month")
    return [("month", "not_first_of_month", {"value": month})] if month is not None and month.day != 1 else []


_RULES = {"deliverables": _deliverable_rules, "results": _result_rules, "hours": _hours_rules}


# --- writing ----------------------------------------------------------------------------------


def _write(con, spec: Register, project_id: str, step: _Step, user: str) -> Any:
    if step.change.op == DELETE:
        return _delete(con, spec, project_id, step, user)
    if step.change.op == ADD:
        return _insert(con, spec, project_id, step, user)
    return _update(con, spec, project_id, step, user)


def _insert(con, spec: Register, project_id: str, step: _Step, user: str) -> Any:
    params = {**step.new, **({} if spec.generated_key else {spec.key: step.key})}
    key = db.scalar(con, f"register_{spec.table}_insert", project_id=project_id, **params)
    changes = {name: (None, value) for name, value in params.items() if value is not None}
    audit.record(con, user, audit.INSERT, spec.table, key, changes, project_id)
    return key


def _update(con, spec: Register, project_id: str, step: _Step, user: str) -> int:
    changes = {
        f.name: (step.old[f.name], step.new[f.name]) for f in spec.fields if step.old[f.name] != step.new[f.name]
    }
    if not changes:
        return step.old["version"]  # nothing to save: no new version, nothing to log
    version = db.scalar(
        con,
        f"register_{spec.table}_update",
        project_id=project_id,
        key=step.key,
        version=step.old["version"],
        **step.new,
    )
    if version is None:
        raise _conflict(con, spec, project_id, step.key)
    audit.record(con, user, audit.UPDATE, spec.table, step.key, changes, project_id)
    return version


def _delete(con, spec: Register, project_id: str, step: _Step, user: str) -> None:
    deleted = db.scalar(
        con, f"register_{spec.table}_delete", project_id=project_id, key=step.key, version=step.old["version"]
    )
    if deleted is None:
        raise _conflict(con, spec, project_id, step.key)
    changes = {
        name: (value, None)
        for name, value in step.old.items()
        if value is not None and name not in (spec.key, "version")
    }
    audit.record(con, user, audit.DELETE, spec.table, step.key, changes, project_id)


def _log_refused(con, spec: Register, project_id: str, conflict: Conflict, changes: list[Change], user: str) -> None:
    """Keep the refused attempt: what the user tried to save and the version they had read."""
    change = next((c for c in changes if c.key is not None and key_value(spec, c.key) == conflict.key), None)
    attempted = {name: (None, value) for name, value in (change.values if change else {}).items()}
    attempted["version"] = (change.version if change else None, None)
    with db.transaction(con):
        audit.record(con, user, audit.REFUSED, spec.table, conflict.key, attempted, project_id)
