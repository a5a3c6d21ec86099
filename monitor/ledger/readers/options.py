"""Defaults and checks of the `import.*` settings (declared in monitor/config.py SETTINGS).

Kept here, beside the importers that use them, and free of imports from monitor.config so that
config.py can import it without a cycle.
"""

from __future__ import annotations

import re
from typing import Any

DIMENSION_PATTERN = re.compile(r"^[^:\s]+:[^:\s]+$")
LEDGER_FIELDS = ("date", "account", "account_name", "amount", "debit", "credit", "text", "voucher",
                 "partner", "work_package")
ENCODINGS = ("auto", "utf-8", "cp1252")

DEFAULT_DIMENSIONS = {"mwinc": "P:326917"}

# Header names as Norwegian accounting systems write them; matched without regard to case.
DEFAULT_CSV_COLUMNS = {
    "date": ["Dato", "Bilagsdato", "Date"],
    "account": ["Konto", "Kontonr", "Account"],
    "account_name": ["Kontonavn", "Account name"],
    "amount": ["Beløp", "Belop", "Amount"],
    "debit": ["Debet", "Debit"],
    "credit": ["Kredit", "Credit"],
    "text": ["Tekst", "Beskrivelse", "Text"],
    "voucher": ["Bilagsnr", "Bilag", "Voucher"],
    "partner": ["Partner"],
    "work_package": ["Arbeidspakke", "Work package"],
}


def check_dimensions(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "expected a map of project id to 'TYPE:ID' (for example mwinc: 'P:326917')"
    for project, dimension in value.items():
        if not isinstance(dimension, str) or not DIMENSION_PATTERN.match(dimension):
            return f"{project}: expected 'TYPE:ID' such as 'P:326917'"
    return None


def check_columns(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a map of field ({', '.join(LEDGER_FIELDS)}) to a header name or a list of them"
    for name, headers in value.items():
        if name not in LEDGER_FIELDS:
            return f"unknown field {name!r}; fields are {', '.join(LEDGER_FIELDS)}"
        names = headers if isinstance(headers, list) else [headers]
        if not names or not all(isinstance(h, str) and h.strip() for h in names):
            return f"{name}: expected a header name or a list of them"
    return None


def check_encoding(value: Any) -> str | None:
    return None if value in ENCODINGS else f"expected one of {', '.join(ENCODINGS)}"
