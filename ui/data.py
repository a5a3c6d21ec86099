"""Cached access to the database for the app.

One root connection per process (DuckDB allows one writer process); each session gets its own
cursor, because one connection used by two threads at once fails ("connection is busy").
Cached data is keyed by the user's scope, so one user's rows never serve another.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import streamlit as st

from monitor import config as config_module
from monitor import db, seed, store
from monitor.auth import Scope
from monitor.checks import Finding, check_project


@st.cache_resource
def settings() -> config_module.Config:
    return config_module.load()


@st.cache_resource
def root_connection(path: str, seed_dir: str) -> duckdb.DuckDBPyConnection:
    settings_now = settings()
    if not Path(path).exists():
        seed.build_database(Path(path), Path(seed_dir), settings_now)
    return db.connect(path)


@st.cache_resource(scope="session", on_release=lambda cursor: cursor.close())
def session_cursor(path: str) -> duckdb.DuckDBPyConnection:
    return root_connection(path, str(settings().seed_dir)).cursor()


def cursor() -> duckdb.DuckDBPyConnection:
    return session_cursor(str(settings().db_path))


@st.cache_data(show_spinner=False, max_entries=64)
def projects(scope: Scope):
    return store.list_projects(cursor(), scope)


@st.cache_data(show_spinner=False, max_entries=64)
def project_data(project_id: str, as_of: dt.date, scope: Scope) -> store.ProjectData:
    return store.load_project(cursor(), project_id, as_of, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def findings(project_id: str, scope: Scope) -> list[Finding]:
    scope.require_project(project_id)
    return check_project(cursor(), project_id, settings())


def after_write() -> None:
    """Call after any write: cached reads may now be stale."""
    st.cache_data.clear()
