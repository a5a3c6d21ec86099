"""The demo user "nav" as the portfolio tests use it (the multi-project database is built in tests/conftest.py)."""

from __future__ import annotations

import pytest

from monitor.access.scope import Scope


@pytest.fixture
def nav() -> Scope:
    """The demo user "nav": a partner (NAV Vestfold og Telemark) of MW Inc only."""
    return Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
