"""Multi-project fixtures: the three embedded projects (MW Inc, INTEGRATE, Integration Day) in one database.

The shared fixtures in tests/conftest.py copy only data/seed/mwinc; these build their own database from
all three folders once per session, and each test gets a copy (building takes seconds, copying milliseconds).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from monitor import config, db
from monitor.access.scope import Scope
from monitor.setup import seed
from tests.conftest import EMBEDDED_SEED, ROOT, app_pointed_at

PROJECTS = ("integrate", "integration_day", "mwinc")
AS_OF = dt.date(2026, 11, 1)  # INTEGRATE and Integration Day running, MW Inc ended (30.11.2025)


def read_csv(project: str, name: str) -> list[dict[str, str]]:
    """A seed file read with the csv module: an independent source for expected figures."""
    with (EMBEDDED_SEED / project / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def money(rows: list[dict[str, str]], column: str = "amount") -> Decimal:
    return sum((Decimal(r[column]) for r in rows), Decimal("0.00"))


@pytest.fixture(scope="session")
def portfolio_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    for project in PROJECTS:
        shutil.copytree(EMBEDDED_SEED / project, folder / "seed" / project)
    path = folder / "template.duckdb"
    seed.build_database(path, folder / "seed", config.load(ROOT / "config.yaml", env={}))
    return path


@pytest.fixture
def portfolio_db(tmp_path: Path, portfolio_template: Path) -> Path:
    path = tmp_path / "portfolio.duckdb"
    shutil.copyfile(portfolio_template, path)
    return path


@pytest.fixture
def pcon(portfolio_db: Path):
    connection = db.connect(portfolio_db)
    yield connection
    connection.close()


@pytest.fixture
def portfolio_app(portfolio_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app pointed at the three-project database, with empty Streamlit caches."""
    yield from app_pointed_at(portfolio_db, monkeypatch)


@pytest.fixture
def nav() -> Scope:
    """The demo user "nav": a partner (NAV Vestfold og Telemark) of MW Inc only."""
    return Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
