"""Registers in and out: CSV and Excel files of milestones, deliverables, results and risks.

An export holds the register's columns (key, fields, version) with ISO dates; an import of that file
adds the rows without a known key, updates the rows whose values differ, and leaves the rest alone.
Imports go through `registers.apply`, so they get the same validation, version check and audit log
as the forms, and are all or nothing. Rows missing from a file are not deleted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from monitor import registers
from monitor.registers import ADD, EDIT, Change, Invalid, Problem, Register, problem

MAX_FILE_BYTES = 5_000_000
MAX_XLSX_UNPACKED_BYTES = 50_000_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int


# --- export -----------------------------------------------------------------------------------

def export_csv(frame: pd.DataFrame, register: str) -> bytes:
    """UTF-8 with a BOM and ';' as separator, so Norwegian Excel opens it in columns."""
    spec = registers.REGISTERS[register]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(spec.columns)
    for row in frame[spec.columns].itertuples(index=False):
        writer.writerow([_cell_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(frame: pd.DataFrame, register: str) -> bytes:
    """One sheet named after the register; dates are Excel dates, counts are numbers."""
    from openpyxl import Workbook

    spec = registers.REGISTERS[register]
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


def neutralise(text: str) -> str:
    """Text that Excel would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(text: str) -> str:
    """The inverse of `neutralise`, so an exported file imports back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


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
    body = [(number, dict(zip(header, [restore(v) for v in values], strict=False)))
            for number, values in enumerate(lines[1:], start=2) if any(v.strip() for v in values)]
    return header, body


def read_xlsx(data: bytes, file_name: str = "file") -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    _check_xlsx(data, file_name)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        lines = [list(values) for values in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    if not lines:
        raise _file_problem("file_empty", file=file_name)
    header = [_excel_text(name) for name in lines[0]]
    body = [(number, dict(zip(header, [restore(_excel_text(v)) for v in values], strict=False)))
            for number, values in enumerate(lines[1:], start=2) if any(v not in (None, "") for v in values)]
    return header, body


def _check_xlsx(data: bytes, file_name: str) -> None:
    """Refuse what is not an xlsx zip, or what would unpack to far more than it weighs (a zip bomb)."""
    if not data.startswith(XLSX_MAGIC):
        raise _file_problem("file_not_xlsx", file=file_name)
    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise _file_problem("file_unreadable_xlsx", file=file_name) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _file_problem("file_zip_bomb", file=file_name, limit=MAX_XLSX_UNPACKED_BYTES // 1_000_000)


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
    return Invalid([problem(None, None, code, **values)])


# --- import -----------------------------------------------------------------------------------

def import_file(con: duckdb.DuckDBPyConnection, register: str, project_id: str, data: bytes, file_name: str,
                user: str, today: dt.date) -> ImportSummary:
    """Read, check and apply a register file, all or nothing. Raises Invalid (listing every bad row),
    or registers.Conflict when a row's version in the file is older than the database's."""
    spec = registers.REGISTERS[register]
    header, body = read_file(data, file_name)
    _check_header(spec, header)
    existing = registers.rows(con, register, project_id)
    known = {registers.key_value(spec, key) for key in existing[spec.key]}
    changes, problems = _changes(spec, body, known)
    if problems:
        raise Invalid(problems)
    before = {registers.key_value(spec, r[spec.key]): r["version"] for r in existing.to_dict("records")}
    results = registers.apply(con, register, project_id, changes, user, today)
    return _summary(changes, results, before)


def _check_header(spec: Register, header: list[str]) -> None:
    unknown = [name for name in header if name and name not in spec.columns]
    problems = [problem(1, name, "unknown_column") for name in unknown]
    if not spec.generated_key and spec.key not in header:
        problems.append(problem(1, spec.key, "missing_column"))
    if problems:
        raise Invalid(problems)


def _changes(spec: Register, body: list[tuple[int, dict[str, str]]], known: set) -> tuple[list[Change], list[Problem]]:
    changes, problems = [], []
    for line, cells in body:
        values = {name: cells[name] for name in cells if name in (f.name for f in spec.fields)}
        try:
            key = registers.key_value(spec, cells.get(spec.key) or None)
            version = int(cells["version"]) if (cells.get("version") or "").strip() else None
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


def _summary(changes: list[Change], results: list[Any], before: dict) -> ImportSummary:
    added = sum(1 for change in changes if change.op == ADD)
    updated = sum(1 for change, result in zip(changes, results, strict=True)
                  if change.op == EDIT and result != before[change.key])
    return ImportSummary(added=added, updated=updated, unchanged=len(changes) - added - updated)
