"""Tables -> downloadable bytes (CSV, Excel). Pure functions: the page passes the DataFrame it shows.

Amounts stay numeric (Decimal -> number cells, never Decimal-as-text). Text cells that a spreadsheet
would read as a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe (OWASP
CSV injection); negative *amounts* are numbers, not text, so they are left alone.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook

from monitor.shown import neutralise


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, Decimal):
        return value
    if hasattr(value, "item"):  # numpy scalars -> Python numbers
        return value.item()
    return neutralise(value) if isinstance(value, str) else value


def _rows(frame: pd.DataFrame) -> list[list]:
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM (so Excel reads æøå), comma-separated, amounts with a decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in _rows(frame):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "Table") -> bytes:
    """One sheet: a header row, then the rows; Decimal amounts as number cells with two decimals."""
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([neutralise(str(c)) for c in frame.columns])
    for row in _rows(frame):
        ws.append(row)
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
