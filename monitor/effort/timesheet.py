"""Timesheet import: hours from a time system's export into the effort register, with the safety of a ledger
import — a preview that writes nothing, then a commit that is all or nothing, audited, and idempotent.

The file is what time systems write: one line per person, work package and day (or month). Its columns are
found by their headers, in bokmål or English, case and spaces ignored (HEADERS below, the one list the template
and the messages use):

    person        Person, Navn, Name, Ansatt, Employee   the name as in the people register, or its person_ref
                                                       (employee number or e-mail address)
    work package  Arbeidspakke, Work package, AP, WP     the work package's code (WP1)
    date          Dato, Date                             yyyy-mm-dd or dd.mm.yyyy
    month         Måned, Month                           yyyy-mm (or a date: its month); date OR month per line
    hours         Timer, Hours                           7.5 or 7,5; above zero, two decimals at most
    comment       Kommentar, Comment                     optional; read, not stored (the register keeps months)

CSV with ';' or ',' (a ';' in the header line decides), UTF-8 with or without a BOM, or Excel .xlsx (the first
sheet); both read by monitor.registers.files, with its limits on size and on what a workbook may unpack to.

Lines are summed per person × work package × month into effort_actual rows of source 'timesheet'. A file
replaces the timesheet rows of the persons × work packages × months it covers (the row becomes the file's sum);
rows it does not cover, and rows entered by hand or reported in kind, are never touched. A month the file covers
that already has hand-entered or in-kind hours of the same person and work package is refused: those hours would
count twice. Importing the same file again changes nothing.

Who imports, and the status of the hours: a leader or admin imports approved hours from the owner's time system
(the preview is the approval); a partner user may import its own organisation's people's hours, as 'reported'
for the leader to approve. A partner's file naming another partner's person is refused. A partner re-importing
hours the leader approved leaves them approved while the hours are the same, and sends them back to 'reported'
when they change.

Every problem of a file is told at once, each with its file, row, column and reason (monitor.errors.Problem);
one bad line refuses the whole file. A year locked by a submitted accounts report refuses an import that would
change hours in it (monitor.reports.locks.refuse_changes), at the preview and again inside the commit.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor import db
from monitor import format as fmt
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope
from monitor.effort import views as effort_views
from monitor.effort.load import Names
from monitor.errors import Conflict, Invalid, Notice, Problem
from monitor.i18n import label, t
from monitor.registers import edit as register_edit
from monitor.registers import files as register_files
from monitor.reports import locks

TABLE = "effort_actual"
SOURCE = "timesheet"
MAX_DAY_HOURS = Decimal(24)
# More than this in one month (about two full-time months) is a typing or export error, not a month's work.
MAX_MONTH_HOURS = Decimal(300)
MAX_HOURS = Decimal(10) ** 8  # DECIMAL(10, 2) holds less than this

# The accepted headers of each column, lower case: the first is the bokmål one, the second the English one
# (what the template writes).
HEADERS: dict[str, tuple[str, ...]] = {
    "person": ("navn", "person", "name", "ansatt", "employee"),
    "wp": ("arbeidspakke", "work package", "ap", "wp"),
    "date": ("dato", "date"),
    "month": ("måned", "month"),
    "hours": ("timer", "hours"),
    "comment": ("kommentar", "comment"),
}
TEMPLATE_HEADERS = {
    "nb": ("Navn", "Arbeidspakke", "Dato", "Timer", "Kommentar"),
    "en": ("Person", "Work package", "Date", "Hours", "Comment"),
}
REQUIRED = ("person", "wp", "hours")

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NB_DATE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_HOURS = re.compile(r"-?[0-9]+([.,][0-9]+)?")


class TimesheetBusy(RuntimeError):
    """Another import into the same project committed while this one ran; nothing was written. Try again."""

    def __init__(self, project_id: str):
        self.notice = Notice("timesheet.busy", project=project_id)
        super().__init__(self.notice)

    def text(self, lang: str) -> str:
        return self.notice.text(lang)


@dataclass(frozen=True)
class Line:
    """One line of the file as read: `row` is its row in the file (the header is row 1)."""

    row: int
    person: str
    wp_code: str
    day: dt.date | None
    month: dt.date
    hours: Decimal
    comment: str


@dataclass(frozen=True)
class Planned:
    """One effort_actual row the import would add, change or leave: the file's sum of a person × WP × month."""

    person_id: int
    person_name: str
    partner_id: str
    wp_code: str
    month: dt.date
    hours: Decimal
    lines: int
    status: str  # after the import
    outcome: str  # ADDED, CHANGED, UNCHANGED
    old_hours: Decimal | None = None
    old_status: str | None = None
    effort_id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class Preview:
    """What an import does (or did, when returned by `commit`): every row it covers, with counts and totals."""

    file_name: str
    sha256: str
    lines: int
    status: str
    rows: tuple[Planned, ...]
    imported_before: dict[str, Any] | None = None
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        counts = {ADDED: 0, CHANGED: 0, UNCHANGED: 0}
        for row in self.rows:
            counts[row.outcome] += 1
        object.__setattr__(self, "counts", counts)

    @property
    def writes(self) -> bool:
        return bool(self.counts[ADDED] or self.counts[CHANGED])

    @property
    def hours(self) -> Decimal:
        """The file's hours: the sum of every line."""
        return sum((row.hours for row in self.rows), Decimal(0))

    @property
    def hours_before(self) -> Decimal:
        """The timesheet hours stored for the rows the file covers, before the import."""
        return sum((row.old_hours or Decimal(0) for row in self.rows), Decimal(0))

    @property
    def years(self) -> list[int]:
        """The years whose hours the import changes (a locked one refuses it)."""
        return sorted({row.month.year for row in self.rows if row.outcome != UNCHANGED})


# --- who may import --------------------------------------------------------------------------------


def may_import(scope: Scope, project_id: str) -> bool:
    """Leaders and admins (approved hours), and a partner user for its own people (reported hours)."""
    return scope.allows_project(project_id) and (scope.can_edit or scope.role == "partner")


def imported_status(scope: Scope) -> str:
    """The status imported hours get: a leader's or admin's preview is the approval; a partner's wait for it."""
    return "approved" if scope.can_edit else "reported"


def _require_import(scope: Scope, project_id: str) -> None:
    scope.require_project(project_id)
    if not may_import(scope, project_id):
        raise AccessDenied(f"{scope.user} ({scope.role}) may not import timesheets into {project_id!r}")
    scope.partner_filter()  # a partner user without a partner imports nothing


# --- the public API --------------------------------------------------------------------------------


def preview(con: db.Connection, project_id: str, data: bytes, file_name: str, scope: Scope, today: dt.date) -> Preview:
    """What importing the file would do, with every check of the import and nothing written. Raises AccessDenied,
    Invalid (every problem of the file, with row and column) or locks.YearLocked."""
    _require_import(scope, project_id)
    lines, headers, problems = read(data, file_name)
    result = _plan(con, project_id, lines, headers, problems, file_name, _sha256(data), scope, today)
    locks.refuse_changes(con, project_id, result.years, scope)
    return result


def commit(
    con: db.Connection,
    project_id: str,
    data: bytes,
    file_name: str,
    scope: Scope,
    today: dt.date,
    now: dt.datetime | None = None,
) -> Preview:
    """Import the file, all or nothing in one transaction: each row added or changed is audited under the scope's
        user. Checks and plans again inside the transaction (so a lock or a change since the preview counts); a file
        that changes nothing writes nothing. Returns what was done. Raises as `preview`; TimesheetBusy (another import
    committed meanwhile) or Conflict (a row changed meanwhile): nothing written, try again."""
    _require_import(scope, project_id)
    lines, headers, problems = read(data, file_name)
    sha256 = _sha256(data)
    try:
        with db.transaction(con):
            result = _plan(con, project_id, lines, headers, problems, file_name, sha256, scope, today)
            locks.refuse_changes(con, project_id, result.years, scope)
            if result.writes:
                _claim(con, project_id, result, scope, now or dt.datetime.now())
                for row in result.rows:
                    _write(con, project_id, row, scope.user)
    except db.WriteConflict:
        raise TimesheetBusy(project_id) from None
    return result


def template_csv(lang: str) -> bytes:
    """An empty timesheet with the headers in `lang` and one example line, as a time system would export it:
    ';' as separator and UTF-8 with a BOM, so Norwegian Excel opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS[lang])
    example = t("timesheet.template_example", lang)
    if lang == "nb":
        writer.writerow(["Ola Nordmann", "WP1", "06.01.2025", "7,5", example])
    else:
        writer.writerow(["Ola Nordmann", "WP1", "2025-01-06", "7.5", example])
    return buffer.getvalue().encode("utf-8-sig")


# --- reading the file ------------------------------------------------------------------------------


def read(data: bytes, file_name: str) -> tuple[list[Line], dict[str, str], list[Problem]]:
    """The file's good lines, typed; {column: its header in the file}; and the problems of form of the other lines
    (a bad date, month or number, hours out of range), which the checks against the project join. Raises Invalid
    at once for a file that cannot be read as a timesheet (unreadable, a column missing, no lines)."""
    header, body = register_files.read_file(data, file_name)
    headers, problems = _columns(header, file_name)
    if problems:
        raise Invalid(problems)
    lines = []
    for row, cells in body:
        line, found = _line(row, cells, headers, file_name)
        problems += found
        if line is not None:
            lines.append(line)
    if not lines and not problems:
        raise Invalid([_problem(file_name, None, None, "no_lines")])
    return lines, headers, problems


def _columns(header: list[str], file_name: str) -> tuple[dict[str, str], list[Problem]]:
    """{column: header as written} for the columns the file has, and the problems: a required column missing, no
    date or month column, or a column named twice."""
    found: dict[str, str] = {}
    problems = []
    for written in header:
        name = next((c for c, accepted in HEADERS.items() if " ".join(written.lower().split()) in accepted), None)
        if name is None:
            continue
        if name in found:
            problems.append(_problem(file_name, 1, written, "column_twice", first=found[name]))
        found[name] = found.get(name, written)
    for name in REQUIRED:
        if name not in found:
            problems.append(_problem(file_name, 1, None, "missing_column", names=_accepted(name)))
    if "date" not in found and "month" not in found:
        problems.append(_problem(file_name, 1, None, "missing_date_column", names=_accepted("date", "month")))
    return found, problems


def _accepted(*names: str) -> str:
    return ", ".join(f"«{h.capitalize()}»" for name in names for h in HEADERS[name])


def _line(
    row: int, cells: dict[str, str], headers: dict[str, str], file_name: str
) -> tuple[Line | None, list[Problem]]:
    def cell(name: str) -> str:
        return (cells.get(headers[name]) or "").strip() if name in headers else ""

    problems = []
    person, wp_code = cell("person"), cell("wp")
    for name, value in (("person", person), ("wp", wp_code)):
        if not value:
            problems.append(_problem(file_name, row, headers[name], "required"))
    day, month, found = _when(row, cell("date"), cell("month"), headers, file_name)
    problems += found
    hours, found = _hours(row, cell("hours"), headers["hours"], file_name)
    problems += found
    if problems:
        return None, problems
    return Line(row, person, wp_code, day, month, hours, cell("comment")), []


def _when(
    row: int, day_text: str, month_text: str, headers: dict[str, str], file_name: str
) -> tuple[dt.date | None, dt.date | None, list[Problem]]:
    """(day or None, the month's first day) of a line: a date, else a month."""
    if day_text:
        day = _date(day_text)
        if day is None:
            return None, None, [_problem(file_name, row, headers["date"], "bad_date", value=day_text)]
        return day, day.replace(day=1), []
    if month_text:
        month = _month(month_text)
        if month is None:
            return None, None, [_problem(file_name, row, headers["month"], "bad_month", value=month_text)]
        return None, month, []
    column = headers.get("date") or headers.get("month")
    return None, None, [_problem(file_name, row, column, "no_date")]


def _date(text: str) -> dt.date | None:
    """yyyy-mm-dd or dd.mm.yyyy (digits 0-9 only), or None."""
    iso, nb = _ISO_DATE.fullmatch(text), _NB_DATE.fullmatch(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if nb:
            return dt.date(int(nb[3]), int(nb[2]), int(nb[1]))
    except ValueError:  # 31.02.2025
        return None
    return None


def _month(text: str) -> dt.date | None:
    """yyyy-mm, or a date (an Excel cell formatted as a month holds the month's first day): the month's first day."""
    found = _MONTH.fullmatch(text)
    if found and 1 <= int(found[2]) <= 12:
        return dt.date(int(found[1]), int(found[2]), 1)
    day = _date(text)
    return day.replace(day=1) if day else None


def _hours(row: int, text: str, column: str, file_name: str) -> tuple[Decimal, list[Problem]]:
    """Hours as time systems write them: 7.5 or 7,5 (spaces ignored); above zero, two decimals at most."""
    compact = text.replace(" ", "").replace("\u00a0", "")
    if not compact:
        return Decimal(0), [_problem(file_name, row, column, "required")]
    if not _HOURS.fullmatch(compact):
        return Decimal(0), [_problem(file_name, row, column, "bad_hours", value=text)]
    hours = Decimal(compact.replace(",", "."))
    if hours != hours.quantize(Decimal("0.01")) or abs(hours) >= MAX_HOURS:
        return Decimal(0), [_problem(file_name, row, column, "bad_hours", value=text)]
    if hours <= 0:
        return Decimal(0), [_problem(file_name, row, column, "not_positive", value=text)]
    return hours.quantize(Decimal("0.01")), []


# --- checking against the project, and planning ----------------------------------------------------


def _plan(
    con: db.Connection,
    project_id: str,
    lines: list[Line],
    headers: dict[str, str],
    problems: list[Problem],
    file_name: str,
    sha256: str,
    scope: Scope,
    today: dt.date,
) -> Preview:
    """Resolve each line's person and work package, check the lines against the project and each other, and
    compare the month sums with what is stored. Raises Invalid with every problem (`problems`: the file's problems
    of form, found by `read`); writes nothing."""
    refs = register_edit.references(con, project_id, scope)
    mine = scope.partner_filter()
    people = db.records(con, "timesheet_people", project_id=project_id, partner_id=mine)
    by_key = _people_index(people)
    elsewhere = _elsewhere(con, project_id, mine, lines, by_key)
    wp_codes = {code.lower(): code for code in refs.wp_codes}
    problems = list(problems)
    resolved: list[tuple[Line, dict[str, Any], str]] = []
    for line in lines:
        person, found = _person(line, by_key, elsewhere, headers, file_name)
        problems += found
        wp_code = wp_codes.get(line.wp_code.lower())
        if wp_code is None:
            problems.append(_problem(file_name, line.row, headers["wp"], "unknown_wp", value=line.wp_code))
        problems += _period_problems(line, refs, headers, file_name, today)
        if person is not None and wp_code is not None:
            resolved.append((line, person, wp_code))
    problems += _duplicates(resolved, headers, file_name)
    problems += _day_limits(resolved, headers, file_name)
    problems += _month_limits(resolved, headers, file_name)
    sums: dict[tuple[int, str, dt.date], list[Line]] = defaultdict(list)
    persons = {}
    for line, person, wp_code in resolved:
        sums[(person["person_id"], wp_code, line.month)].append(line)
        persons[person["person_id"]] = person
    stored = _stored(con, project_id, mine, sorted(persons))
    status = imported_status(scope)
    rows = []
    for key in sorted(sums, key=lambda k: (k[2], persons[k[0]]["person_name"], k[1])):
        row, found = _planned(key, sums[key], persons[key[0]], stored.get(key, []), status, scope, headers, file_name)
        problems += found
        if row is not None:
            rows.append(row)
    if problems:  # every problem of the file at once, in the order of its rows
        raise Invalid(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    before = db.records(
        con,
        "timesheet_last_import",
        project_id=project_id,
        sha256=sha256,
        user_name=None if scope.can_edit else scope.user,
    )
    return Preview(file_name, sha256, len(lines), status, tuple(rows), before[0] if before else None)


def _people_index(people: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """lower-case name or person_ref -> the people it names (a name may name more than one)."""
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        for value in {_key(person["person_name"]), _key(person["person_ref"])} - {""}:
            index[value].append(person)
    return index


def _key(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _elsewhere(
    con: db.Connection, project_id: str, mine: str | None, lines: list[Line], by_key: dict[str, list]
) -> set[str]:
    """The lower-case values of a partner's file that name another partner's person (nothing for an editor)."""
    if mine is None:
        return set()
    unknown = sorted({line.person for line in lines if _key(line.person) not in by_key})
    if not unknown:
        return set()
    rows = db.records(con, "timesheet_people_elsewhere", project_id=project_id, partner_id=mine, values=unknown)
    return {_key(row["value"]) for row in rows}


def _person(
    line: Line, by_key: dict[str, list], elsewhere: set[str], headers: dict[str, str], file_name: str
) -> tuple[dict[str, Any] | None, list[Problem]]:
    found = by_key.get(_key(line.person), [])
    column = headers["person"]
    if len(found) == 1:
        return found[0], []
    if len(found) > 1:
        return None, [_problem(file_name, line.row, column, "ambiguous_person", value=line.person)]
    code = "other_partner" if _key(line.person) in elsewhere else "unknown_person"
    return None, [_problem(file_name, line.row, column, code, value=line.person)]


def _period_problems(
    line: Line, refs: register_edit.References, headers: dict[str, str], file_name: str, today: dt.date
) -> list[Problem]:
    """A line dated outside the project period, or in the future (a month line: the month, from its first day)."""
    column = headers["date"] if line.day is not None else headers["month"]
    first = line.day or line.month
    last = line.day or _month_end(line.month)
    if last < refs.start or first > refs.end:
        return [_problem(file_name, line.row, column, "outside_period", value=first, start=refs.start, end=refs.end)]
    if first > today:
        return [_problem(file_name, line.row, column, "future", value=first, today=today)]
    return []


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _duplicates(resolved: list, headers: dict[str, str], file_name: str) -> list[Problem]:
    """A line exactly like an earlier one (same person, work package, day or month, hours and comment): a time
    system writes a line once, so a copy is an export run twice into one file."""
    seen: dict[tuple, int] = {}
    problems = []
    for line, person, wp_code in resolved:
        key = (person["person_id"], wp_code, line.day, line.month, line.hours, line.comment)
        if key in seen:
            problems.append(_problem(file_name, line.row, headers["person"], "duplicate", first=seen[key]))
        else:
            seen[key] = line.row
    return problems


def _day_limits(resolved: list, headers: dict[str, str], file_name: str) -> list[Problem]:
    """More than 24 hours of one person on one day (over every work package), told at the line that passes it."""
    summed: dict[tuple, Decimal] = defaultdict(Decimal)
    problems = []
    for line, person, _ in resolved:
        if line.day is None:
            continue
        key = (person["person_id"], line.day)
        before = summed[key]
        summed[key] += line.hours
        if before <= MAX_DAY_HOURS < summed[key]:
            values = {"person": person["person_name"], "day": line.day, "figure": summed[key]}
            problems.append(_problem(file_name, line.row, headers["hours"], "over_day", limit=24, **values))
    return problems


def _month_limits(resolved: list, headers: dict[str, str], file_name: str) -> list[Problem]:
    """More hours of one person in one month (over every work package) than is plausible, told at the line that
    passes it."""
    summed: dict[tuple, Decimal] = defaultdict(Decimal)
    problems = []
    for line, person, _ in resolved:
        key = (person["person_id"], line.month)
        before = summed[key]
        summed[key] += line.hours
        if before <= MAX_MONTH_HOURS < summed[key]:
            values = {"person": person["person_name"], "month": f"{line.month:%Y-%m}", "figure": summed[key]}
            problems.append(_problem(file_name, line.row, headers["hours"], "over_month", limit=300, **values))
    return problems


def _stored(
    con: db.Connection, project_id: str, mine: str | None, person_ids: list[int]
) -> dict[tuple[int, str, dt.date], list[dict[str, Any]]]:
    """The effort register's rows of these people by person × WP × month (every source)."""
    rows = db.records(con, "timesheet_stored", project_id=project_id, partner_id=mine, person_ids=person_ids)
    stored: dict[tuple[int, str, dt.date], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        month = pd.Timestamp(row["month"]).date()
        stored[(int(row["person_id"]), row["wp_code"], month)].append(row)
    return stored


def _planned(
    key: tuple[int, str, dt.date],
    lines: list[Line],
    person: dict[str, Any],
    stored: list[dict[str, Any]],
    status: str,
    scope: Scope,
    headers: dict[str, str],
    file_name: str,
) -> tuple[Planned | None, list[Problem]]:
    person_id, wp_code, month = key
    hours = sum((line.hours for line in lines), Decimal(0))
    first = min(line.row for line in lines)
    values = {"person": person["person_name"], "wp": wp_code, "month": f"{month:%Y-%m}"}
    others = [row for row in stored if row["source"] != SOURCE]
    if others:  # entered by hand or reported in kind: the import leaves them, so the month would count twice
        code = "inkind_there" if others[0]["source"] == "inkind" else "entered_there"
        figure = sum((Decimal(row["hours"]) for row in others), Decimal(0))
        return None, [_problem(file_name, first, headers["wp"], code, figure=figure, **values)]
    mine = [row for row in stored if row["source"] == SOURCE]
    if len(mine) > 1:  # made by hand in the hours register: which one the file replaces is not for us to guess
        return None, [_problem(file_name, first, headers["wp"], "several_rows", count=len(mine), **values)]
    base = {
        "person_id": person_id,
        "person_name": person["person_name"],
        "partner_id": person["partner_id"],
        "wp_code": wp_code,
        "month": month,
        "hours": hours,
        "lines": len(lines),
    }
    if not mine:
        return Planned(**base, status=status, outcome=ADDED), []
    old = mine[0]
    old_hours, old_status = Decimal(old["hours"]), old["status"]
    # A leader's import approves; a partner's re-import of the same hours leaves the leader's verdict as it is.
    same = old_hours == hours and (old_status == status or not scope.can_edit)
    return Planned(
        **base,
        status=old_status if same else status,
        outcome=UNCHANGED if same else CHANGED,
        old_hours=old_hours,
        old_status=old_status,
        effort_id=int(old["entry_id"]),
        version=int(old["version"]),
    ), []


def _problem(file_name: str, row: int | None, column: str | None, code: str, **values: Any) -> Problem:
    return Problem(file_name, row, column, Notice(f"timesheet.problem.{code}", **values))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- writing ---------------------------------------------------------------------------------------


def _claim(con: db.Connection, project_id: str, result: Preview, scope: Scope, now: dt.datetime) -> None:
    try:
        db.execute(
            con,
            "timesheet_claim",
            project_id=project_id,
            file_name=result.file_name,
            sha256=result.sha256,
            user_name=scope.user,
            imported_at=now,
            rows_added=result.counts[ADDED],
            rows_changed=result.counts[CHANGED],
        )
    except db.ConstraintBroken:  # a concurrent import committed first
        raise TimesheetBusy(project_id) from None


def _write(con: db.Connection, project_id: str, row: Planned, user: str) -> None:
    if row.outcome == ADDED:
        effort_id = db.scalar(
            con,
            "timesheet_insert",
            project_id=project_id,
            person_id=row.person_id,
            wp_code=row.wp_code,
            month=row.month,
            hours=row.hours,
            status=row.status,
        )
        changes = {
            "person_id": (None, row.person_id),
            "wp_code": (None, row.wp_code),
            "month": (None, row.month),
            "hours": (None, row.hours),
            "effort_status": (None, row.status),
            "effort_source": (None, SOURCE),
        }
        audit.record(con, user, audit.INSERT, TABLE, effort_id, changes, project_id)
    elif row.outcome == CHANGED:
        version = db.scalar(
            con,
            "timesheet_update",
            project_id=project_id,
            effort_id=row.effort_id,
            version=row.version,
            hours=row.hours,
            status=row.status,
        )
        if version is None:  # changed by someone else after this transaction read it
            last = audit.last_change(con, project_id, TABLE, row.effort_id)
            raise Conflict(TABLE, row.effort_id, *(last or (None, None)))
        changes = {"hours": (row.old_hours, row.hours), "effort_status": (row.old_status, row.status)}
        changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
        audit.record(con, user, audit.UPDATE, TABLE, row.effort_id, changes, project_id)


# --- as shown --------------------------------------------------------------------------------------


def preview_table(result: Preview, names: Names, lang: str) -> pd.DataFrame:
    """The preview as the user reads it: person, partner, work package and month by their labels, the hours stored
    and from the file (Decimal: the page formats them), the status after the import, and what happens to the row."""
    return pd.DataFrame(
        {
            t("timesheet.col.person", lang): [row.person_name for row in result.rows],
            t("timesheet.col.partner", lang): [
                effort_views.partner_label(row.partner_id, names) for row in result.rows
            ],
            t("timesheet.col.wp", lang): [effort_views.wp_label(row.wp_code, names, lang) for row in result.rows],
            t("timesheet.col.month", lang): [effort_views.month_label(row.month, lang) for row in result.rows],
            t("timesheet.col.lines", lang): [row.lines for row in result.rows],
            t("timesheet.col.old_hours", lang): [row.old_hours for row in result.rows],
            t("timesheet.col.hours", lang): [row.hours for row in result.rows],
            t("timesheet.col.status", lang): [label("effort.status", row.status, lang) for row in result.rows],
            t("timesheet.col.outcome", lang): [t(f"timesheet.outcome.{row.outcome}", lang) for row in result.rows],
        }
    )


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """A refused file's problems, one per row: file, row, column, reason in `lang`."""
    return pd.DataFrame(
        {
            t("timesheet.col.file", lang): [p.file or "" for p in problems],
            t("timesheet.col.row", lang): [str(p.row) if p.row else "" for p in problems],
            t("timesheet.col.column", lang): [p.column or "" for p in problems],
            t("timesheet.col.reason", lang): [_reason(p, lang) for p in problems],
        }
    )


def _reason(problem: Problem, lang: str) -> str:
    return problem.reason.text(lang) if isinstance(problem.reason, Notice) else str(problem.reason)


def summary_text(result: Preview, lang: str, done: bool = False) -> str:
    """'9 lines in the file give 6 new rows, 0 changed and 0 left as they are; 51.50 hours in the file …': the
    counts and totals of a preview (or, `done`, of the import just made)."""
    return t(
        "timesheet.done" if done else "timesheet.summary",
        lang,
        lines=result.lines,
        added=result.counts[ADDED],
        changed=result.counts[CHANGED],
        unchanged=result.counts[UNCHANGED],
        hours=_hours_text(result.hours, lang),
        before=_hours_text(result.hours_before, lang),
    )


def _hours_text(hours: Decimal, lang: str) -> str:
    return fmt.number(hours, lang, 2)
