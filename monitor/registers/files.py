"""Registers in and out: CSV and Excel files of milestones, deliverables, results, risks, the funder's payments,
transfers to partners and commitments.

An export holds the register's columns (key, fields, version) with ISO dates; an import of that file
adds the rows without a known key, updates the rows whose values differ, and leaves the rest alone.
Imports go through `registers.apply`, so they get the same validation, version check and audit log
as the forms, and are all or nothing. Rows missing from a file are not deleted. `preview_file` tells what an
import would do, with the same checks and nothing written. A file without keys (a bank's export of payments) is
matched on the register's natural key, so importing it twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.errors import Invalid, Problem
from monitor.ledger.readers.ledger_csv import wide_encoding
from monitor.ledger.readers.workbook import WorkbookRefused, sheet_rows
from monitor.registers import edit as register_edit
from monitor.registers.edit import ADD, EDIT, Change, Register, problem
from monitor.shown import neutralise, restore

MAX_FILE_BYTES = 5_000_000
MAX_XLSX_UNPACKED_BYTES = 50_000_000
# A refused workbook's kind (monitor/ledger/readers/workbook.py) -> this catalog's problem; the rest are unreadable.
WORKBOOK_PROBLEMS = {"not_xlsx": "file_not_xlsx", "zip_bomb": "file_zip_bomb", "part_too_large": "file_zip_bomb"}


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int


# --- export -----------------------------------------------------------------------------------


def export_csv(frame: pd.DataFrame, register: str) -> bytes:
    """UTF-8 with a BOM and ';' as separator, so Norwegian Excel opens it in columns."""
    spec = register_edit.REGISTERS[register]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(spec.columns)
    for row in frame[spec.columns].itertuples(index=False):
        writer.writerow([_cell_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(frame: pd.DataFrame, register: str) -> bytes:
    """One sheet named after the register; dates are Excel dates, counts are numbers."""
    from openpyxl import Workbook

    spec = register_edit.REGISTERS[register]
    book = Workbook()
    sheet = book.active
    sheet.title = register
    sheet.append(spec.columns)
    for row in frame[spec.columns].itertuples(index=False):
        sheet.append([_cell_value(value) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any) -> str:
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def _cell_value(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return value.item() if hasattr(value, "item") else value


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


# --- reading files ----------------------------------------------------------------------------


def read_file(data: bytes, file_name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(row number, {column: text})]) of a .csv or .xlsx file. Raises Invalid on a bad file."""
    if len(data) > MAX_FILE_BYTES:
        raise _file_problem("file_too_large", file=file_name, limit=MAX_FILE_BYTES // 1_000_000)
    suffix = file_name.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        return read_csv(data, file_name)
    if suffix == "xlsx":
        return read_xlsx(data, file_name)
    raise _file_problem("file_type", file=file_name)


def read_csv(data: bytes, file_name: str = "file") -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    wide = wide_encoding(data)
    if wide:  # else read as UTF-8 it fails at byte 0 without saying why, or (no BOM) decodes to NULs
        raise _file_problem("file_utf16", file=file_name, encoding=wide)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_problem("file_not_utf8", file=file_name, byte=error.start) from None
    if "Ã" in text:
        raise _file_problem("file_double_encoded", file=file_name)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in first_line else ",")
    lines = list(reader)
    if not lines:
        raise _file_problem("file_empty", file=file_name)
    header = [name.strip() for name in lines[0]]
    body = [
        (number, dict(zip(header, [restore(v) for v in values], strict=False)))
        for number, values in enumerate(lines[1:], start=2)
        if any(v.strip() for v in values)
    ]
    return header, body


def read_xlsx(data: bytes, file_name: str = "file") -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The first sheet, read as the ledger import reads a workbook (monitor/ledger/readers/workbook.py): checked before
    openpyxl sees it, shared strings under a cap on the bytes expanded; any refusal is a Problem, never a traceback."""
    try:
        lines = list(sheet_rows(data, MAX_XLSX_UNPACKED_BYTES))
    except WorkbookRefused as refused:
        code = WORKBOOK_PROBLEMS.get(refused.kind, "file_unreadable_xlsx")
        raise _file_problem(code, file=file_name, limit=MAX_XLSX_UNPACKED_BYTES // 1_000_000) from None
    if not lines:
        raise _file_problem("file_empty", file=file_name)
    header = [_excel_text(name) for name in lines[0]]
    body = [
        (number, dict(zip(header, [restore(_excel_text(v)) for v in values], strict=False)))
        for number, values in enumerate(lines[1:], start=2)
        if any(v not in (None, "") for v in values)
    ]
    return header, body


def _excel_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _file_problem(code: str, **values: Any) -> Invalid:
    return register_edit.invalid([problem(None, None, code, **values)])


# --- import -----------------------------------------------------------------------------------


def import_file(
    con: db.Connection,
    register: str,
    project_id: str,
    data: bytes,
    file_name: str,
    scope: Scope,
    today: dt.date,
) -> ImportSummary:
    """Read, check and apply a register file, all or nothing. Raises Invalid (listing every bad row),
    or registers.Conflict when a row's version in the file is older than the database's."""
    changes, before = _read_changes(con, register, project_id, data, file_name, scope)
    results = register_edit.apply(con, register, project_id, changes, scope, today)
    return _summary(changes, results, before)


def preview_file(
    con: db.Connection,
    register: str,
    project_id: str,
    data: bytes,
    file_name: str,
    scope: Scope,
    today: dt.date,
) -> ImportSummary:
    """What importing the file would do, with every check of the import and nothing written: the counts to confirm
    before `import_file`. Raises as `import_file` does."""
    changes, _ = _read_changes(con, register, project_id, data, file_name, scope)
    outcomes = register_edit.apply(con, register, project_id, changes, scope, today, dry_run=True)
    added = sum(1 for outcome in outcomes if outcome == ADD)
    updated = sum(1 for outcome in outcomes if outcome == EDIT)
    return ImportSummary(added=added, updated=updated, unchanged=len(outcomes) - added - updated)


def _read_changes(
    con: db.Connection, register: str, project_id: str, data: bytes, file_name: str, scope: Scope
) -> tuple[list[Change], dict]:
    scope.require_edit(project_id)  # before the file is even read
    spec = register_edit.REGISTERS[register]
    header, body = read_file(data, file_name)
    _check_header(spec, header)
    existing = register_edit.rows(con, register, project_id, scope)
    known = {register_edit.key_value(spec, key) for key in existing[spec.key]}
    changes, problems = _changes(spec, _with_found_keys(spec, body, existing), known)
    if problems:
        raise register_edit.invalid(problems)
    before = {register_edit.key_value(spec, r[spec.key]): r["version"] for r in existing.to_dict("records")}
    return changes, before


def _with_found_keys(
    spec: Register, body: list[tuple[int, dict[str, str]]], existing: pd.DataFrame
) -> list[tuple[int, dict[str, str]]]:
    """A keyless row whose natural key (Register.natural_key) matches a stored row is that row: importing the same
    bank file twice changes nothing. A row whose values do not parse is left for the import's checks to name."""
    if not spec.natural_key or existing.empty:
        return body
    stored = {}
    for row in existing.to_dict("records"):
        stored.setdefault(tuple(row[name] for name in spec.natural_key), row)
    found = []
    for line, cells in body:
        if not (cells.get(spec.key) or "").strip():
            typed, problems = register_edit.clean(spec, cells, line)
            match = None if problems else stored.get(tuple(typed[name] for name in spec.natural_key))
            if match is not None:
                cells = {**cells, spec.key: str(match[spec.key])}
        found.append((line, cells))
    return found


def _check_header(spec: Register, header: list[str]) -> None:
    unknown = [name for name in header if name and name not in spec.columns]
    problems = [problem(1, name, "unknown_column") for name in unknown]
    if not spec.generated_key and spec.key not in header:
        problems.append(problem(1, spec.key, "missing_column"))
    if problems:
        raise register_edit.invalid(problems)


def _changes(spec: Register, body: list[tuple[int, dict[str, str]]], known: set) -> tuple[list[Change], list[Problem]]:
    changes, problems = [], []
    for line, cells in body:
        values = {name: cells[name] for name in cells if name in (f.name for f in spec.fields)}
        try:
            key = register_edit.key_value(spec, cells.get(spec.key) or None)
            version = _version(cells.get("version"))
        except ValueError:
            problems.append(problem(line, spec.key, "key_version_whole"))
            continue
        if key is not None and key in known:
            changes.append(Change(EDIT, values, key, version, line))
        elif key is not None and spec.generated_key:
            problems.append(problem(line, spec.key, "no_such_row", value=key))
        else:
            changes.append(Change(ADD, {**values, spec.key: key}, None, None, line))
    return changes, problems


def _version(text: str | None) -> int | None:
    """A row's version: ASCII digits only (int() would take '٣' as 3)."""
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]+", text):
        raise ValueError(f"{text!r} is not a version number")
    return int(text)


def _summary(changes: list[Change], results: list[Any], before: dict) -> ImportSummary:
    added = sum(1 for change in changes if change.op == ADD)
    updated = sum(
        1 for change, result in zip(changes, results, strict=True) if change.op == EDIT and result != before[change.key]
    )
    return ImportSummary(added=added, updated=updated, unchanged=len(changes) - added - updated)
