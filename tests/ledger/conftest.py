"""Ledger tests start from a copy of every embedded project, built once per session (building takes seconds,
copying milliseconds); the access tests of staging, commit and the batch list share their outsiders and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.access.scope import Scope
from monitor.ledger.stage import ImportRequest
from tests.conftest import copy_of


@pytest.fixture
def db_path(tmp_path: Path, every_project_template: Path) -> Path:
    """Overrides the shared fixture: a copy of every embedded project, built once per session."""
    return copy_of(every_project_template, tmp_path)


@pytest.fixture(autouse=True)
def _years_open(years_reopened) -> None:
    """The ledger tests import files dated 2023 and 2024, years the seed's submitted accounts reports lock; they are
    about reading, staging and writing, not locked years (tests/reports/test_locks.py), so every year is reopened."""


# Who may not import into mwinc, each tried by the access tests of staging, commit and the batch list.
OUTSIDERS = {
    "leader of another project": Scope(user="ola", role="leader", project_ids=frozenset({"integrate"})),
    "partner": Scope(user="kari", role="partner", project_ids=frozenset({"mwinc"}), partner_id="usn"),
    "viewer": Scope(user="funder", role="viewer", project_ids=frozenset({"mwinc"})),
}


# Two cost lines in mwinc's period (2021-12-01 to 2025-11-30): 1 234,50 - 34,50 = 1 200,00.
CSV = "Dato;Konto;Beløp\r\n05.01.2024;5000;1 234,50\r\n10.02.2024;6790;-34,50\r\n"


@pytest.fixture(params=list(OUTSIDERS.values()), ids=list(OUTSIDERS))
def outsider(request: pytest.FixtureRequest) -> Scope:
    return request.param


@pytest.fixture
def request_for_mwinc(tmp_path) -> ImportRequest:
    path = tmp_path / "ledger.csv"
    path.write_text(CSV, encoding="utf-8")
    return ImportRequest(path=path, project_id="mwinc", partner_id="usn")
