"""The multi-project tests' day and their independent reading of the seed files (the database they use, every
embedded project in one, is built by the portfolio fixtures in tests/conftest.py)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from tests.conftest import EMBEDDED_SEED, ROOT

AS_OF = dt.date(2026, 11, 1)  # INTEGRATE and Integration Day running, MW Inc ended (30.11.2025)


def read_csv(project: str, name: str) -> list[dict[str, str]]:
    """A seed file read with the csv module: an independent source for expected figures."""
    with (EMBEDDED_SEED / project / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def money(rows: list[dict[str, str]], column: str = "amount") -> Decimal:
    return sum((Decimal(r[column]) for r in rows), Decimal("0.00"))


FIXTURE = ROOT / "tests" / "fixtures" / "rcn-open-data" / "projects.csv"


def fixture_records() -> dict:
    """The 30 open-data rows of the fixture, by project number."""
    from monitor.portfolio import opendata

    return {r.number: r for r in opendata.read_path(FIXTURE).records}


def add_declared_only(con, *numbers: str) -> None:
    """Funded fixture rows made projects by the open-data import itself (monitor/portfolio/funded.py): the number as
    id, acronym and funder reference, the title as both names, the programme, 1 January - 31 December of the years,
    one owner partner and the grant as declared total and funder share; no work packages, no cost plan. (Their rows
    go to the applications register too.)"""
    from monitor.access.scope import local_user
    from monitor.portfolio import applications

    records = fixture_records()
    applications.import_records(con, local_user(), [records[number] for number in numbers])


def import_register(con) -> None:
    """Every fixture row into the applications register, as an administrator's import does."""
    from monitor.access.scope import local_user
    from monitor.portfolio import applications, opendata

    applications.import_records(con, local_user(), opendata.read_path(FIXTURE).records)
