"""The multi-project tests' day and their independent reading of the seed files (the database they use, every
embedded project in one, is built by the portfolio fixtures in tests/conftest.py)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from tests.conftest import EMBEDDED_SEED

AS_OF = dt.date(2026, 11, 1)  # INTEGRATE and Integration Day running, MW Inc ended (30.11.2025)


def read_csv(project: str, name: str) -> list[dict[str, str]]:
    """A seed file read with the csv module: an independent source for expected figures."""
    with (EMBEDDED_SEED / project / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def money(rows: list[dict[str, str]], column: str = "amount") -> Decimal:
    return sum((Decimal(r[column]) for r in rows), Decimal("0.00"))
