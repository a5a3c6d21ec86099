"""Shared fixtures: real DuckDB files built in tmp_path from seed folders, and AppTest helpers.

Fixtures are named by state (after sqlite-utils): `seed_dir` is a writable copy of the embedded
seed, `db_path` a database built from it, `con` an open connection to that database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor import config, db, seed

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_SEED = ROOT / "data" / "seed"


@pytest.fixture
def settings() -> config.Config:
    return config.load(ROOT / "config.yaml", env={})


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A writable copy of the embedded MW Inc seed folder (tests may break it on purpose)."""
    target = tmp_path / "seed" / "mwinc"
    shutil.copytree(EMBEDDED_SEED / "mwinc", target)
    return target


@pytest.fixture
def db_path(tmp_path: Path, seed_dir: Path, settings: config.Config) -> Path:
    path = tmp_path / "monitor.duckdb"
    seed.build_database(path, seed_dir.parent, settings)
    return path


@pytest.fixture
def con(db_path: Path):
    connection = db.connect(db_path)
    yield connection
    connection.close()


def app_pointed_at(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the app at a test database and start (and end) with empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("MONITOR_DB", str(db_path))
    monkeypatch.setenv("MONITOR_CONFIG", str(ROOT / "config.yaml"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db_path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_env(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    yield from app_pointed_at(db_path, monkeypatch)
