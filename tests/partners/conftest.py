"""Scopes of the demo users of MW Inc, and a fixed 'today' after the project's end."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from monitor.access.scope import Scope

MWINC = frozenset({"mwinc"})
TODAY = dt.date(2025, 12, 15)  # after the project end (30.11.2025): every project date may be reported
AS_OF = dt.date(2025, 12, 31)
SEED = Path(__file__).resolve().parent.parent.parent / "data" / "seed" / "mwinc"


@pytest.fixture
def leader() -> Scope:
    return Scope("leader", "leader", MWINC)


@pytest.fixture
def admin() -> Scope:
    return Scope("admin", "admin")


@pytest.fixture
def nav() -> Scope:
    return Scope("nav", "partner", MWINC, "nav_vt")


@pytest.fixture
def nho() -> Scope:
    return Scope("nho", "partner", MWINC, "nho_vt")


@pytest.fixture
def reader() -> Scope:
    return Scope("reader", "viewer", MWINC)


def seed_rows(name: str) -> list[dict[str, str]]:
    """A seed CSV read with the csv module: an independent reading of the source the database is built from."""
    with open(SEED / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def money(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The embedded seed built once per test session; each test gets its own copy (see db_path)."""
    from monitor import config
    from monitor.setup import seed

    path = tmp_path_factory.mktemp("partners-seed") / "monitor.duckdb"
    seed.build_database(path, SEED.parent, config.load(SEED.parent.parent.parent / "config.yaml", env={}))
    return path


@pytest.fixture
def db_path(tmp_path: Path, built_db: Path) -> Path:
    """Overrides the shared fixture: a copy of the once-built database instead of a build per test."""
    path = tmp_path / "monitor.duckdb"
    shutil.copyfile(built_db, path)
    return path
