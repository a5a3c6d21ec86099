"""Scopes of the demo users of MW Inc, and a fixed 'today' after the project's end."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from monitor.access.scope import Scope
from tests.conftest import copy_of

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


@pytest.fixture
def db_path(tmp_path: Path, every_project_template: Path) -> Path:
    """Overrides the shared fixture: a copy of every embedded project, built once per session."""
    return copy_of(every_project_template, tmp_path)
