"""Rows of a CSV file or an Excel sheet -> ledger lines, through a column mapping.

Cells arrive as text (CSV) or as typed values (Excel: numbers, dates); both go through the same
rules. Every bad cell becomes a Problem naming file, row, column and reason; the import decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from monitor.errors import Notice, Problem
from monitor.ledger.readers.common import (
    CENT,
    MAX_AMOUNT,
    FileRefused,
    ReadResult,
    SourceLine,
    clean_text,
    natural_key,
    nb_date,
    nok_amount,
    reason_of,
    refuse_foreign_digits,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 29.02.1900


def resolve_columns(header: list[Any], columns: dict[str, Any], file: str) -> dict[str, int]:
    """Field -> column index, from the configured header names (case and surrounding space ignored)."""
    positions = {str(name).strip().lower(): index for index, name in enumerate(header) if name is not None}
    found: dict[str, int] = {}
    for field_name, names in columns.items():
        for name in names if isinstance(names, list) else [names]:
            if name.strip().lower() in positions:
                found[field_name] = positions[name.strip().lower()]
                break
    missing = [f for f in ("date", "account") if f not in found]
    if "amount" not in found and not ({"debit", "credit"} & set(found)):
        missing.append("amount (or debit/credit)")
    if missing:
        shown = ", ".join(str(h) for h in header if h is not None)
        raise FileRefused(Notice("import.why.missing_columns", file=file, missing=", ".join(missing), header=shown))
    return found


def default_columns(header: list[str], configured: dict[str, Any]) -> dict[str, str | None]:
    """Field -> the header name the configured names pick (None when no column matches): the column picker's
    first choice, by the same rule as resolve_columns."""
    by_lower = {name.strip().lower(): name for name in header if name}
    chosen: dict[str, str | None] = {}
    for field_name, names in configured.items():
        candidates = names if isinstance(names, list) else [names]
        chosen[field_name] = next(
            (by_lower[c.strip().lower()] for c in candidates if c.strip().lower() in by_lower), None
        )
    return chosen


class TableReader:
    """Turns (row number, cells) into SourceLines or Problems for one file."""

    def __init__(self, file: str, fmt: str, header: list[Any], columns: dict[str, Any], partner_id: str | None):
        self.file, self.fmt, self.partner_id = file, fmt, partner_id
        self.positions = resolve_columns(header, columns, file)
        self.names = {f: str(header[i]).strip() for f, i in self.positions.items()}
        self.info = ReadResult()
        self.seen: dict[str, int] = {}

    def lines(self, rows: Iterable[tuple[int, list[Any]]]) -> Iterator[SourceLine | Problem]:
        for number, cells in rows:
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            self.info.lines_read += 1
            yield from self._row(number, cells)

    def _cell(self, cells: list[Any], field_name: str) -> Any:
        index = self.positions.get(field_name)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if isinstance(value, str) and not value.strip() else value

    def _row(self, number: int, cells: list[Any]) -> Iterator[SourceLine | Problem]:
        values, problems = {}, []
        for field_name, parse in (("date", _date), ("account", _account), ("amount", self._amount)):
            try:
                values[field_name] = parse(cells) if field_name == "amount" else parse(self._cell(cells, field_name))
            except ValueError as error:
                column = self._column_of(field_name)
                problems.append(Problem(self.file, number, column, reason_of(error)))
        if problems:
            yield from problems
            return
        yield self._line(number, cells, values)

    def _column_of(self, field_name: str) -> str:
        if field_name == "amount" and "amount" not in self.names:
            return "/".join(self.names[f] for f in ("debit", "credit") if f in self.names)
        return self.names.get(field_name, field_name)

    def _amount(self, cells: list[Any]) -> Decimal:
        if "amount" in self.positions:
            return _money(self._cell(cells, "amount"), required=True)
        debit, credit = self._cell(cells, "debit"), self._cell(cells, "credit")
        if debit is None and credit is None:
            raise ValueError(Notice("import.why.debit_or_credit"))
        return _money(debit) - _money(credit)

    def _line(self, number: int, cells: list[Any], values: dict[str, Any]) -> SourceLine:
        partner = clean_text(_text(self._cell(cells, "partner"))) or self.partner_id
        text, voucher = clean_text(_text(self._cell(cells, "text"))), clean_text(_text(self._cell(cells, "voucher")))
        content = (partner, values["date"], values["account"], values["amount"], voucher, text)
        occurrence = self.seen.get(repr(content), 0) + 1
        self.seen[repr(content)] = occurrence
        return SourceLine(
            row=number,
            source_key=natural_key(self.fmt, *content, occurrence),
            posting_date=values["date"],
            year=values["date"].year,
            period=values["date"].month,
            account=values["account"],
            account_name=clean_text(_text(self._cell(cells, "account_name"))),
            amount=values["amount"],
            text=text,
            voucher=voucher,
            partner_id=partner,
            wp_code=clean_text(_text(self._cell(cells, "work_package"))),
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(value: Any) -> dt.date:
    if value is None:
        raise ValueError(Notice("import.why.date_required"))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial number in the declared date column: whole days only.
        if float(value).is_integer() and 1 <= value <= 2958465:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(Notice("import.why.not_a_date", value=repr(value)))
    return nb_date(str(value))


def _account(value: Any) -> str:
    text = _text(value)
    if text is None or not text.strip():
        raise ValueError(Notice("import.why.account_required"))
    refuse_foreign_digits(text.strip())  # '٥٠٠٠' would pass isdigit() and int() as the cost account 5000
    return text.strip()


def _money(value: Any, required: bool = False) -> Decimal:
    if value is None:
        if required:
            raise ValueError(Notice("import.why.amount_required"))
        return Decimal("0.00")
    if isinstance(value, bool):
        raise ValueError(Notice("import.why.not_an_amount", value=repr(value)))
    if isinstance(value, (int, float)):
        return _excel_number(value)
    return nok_amount(str(value))


def _excel_number(value: int | float) -> Decimal:
    """Excel stores numbers as binary doubles; the shortest text that reads back as the same double is
    what Excel shows, so that text (not the double's binary expansion) becomes the Decimal."""
    amount = Decimal(repr(value))
    if not amount.is_finite():
        raise ValueError(Notice("import.why.not_finite", value=repr(value)))
    if abs(amount) > MAX_AMOUNT:
        raise ValueError(Notice("import.why.too_large_amount", value=repr(value)))
    if amount != amount.quantize(CENT):
        raise ValueError(Notice("import.why.decimals", value=repr(value)))
    return amount.quantize(CENT)
