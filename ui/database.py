"""Cached access to the database for the app.

One root connection per process (DuckDB allows one writer process); each script thread gets its own
cursor, because one connection used by two threads at once fails ("connection is busy").
Cached data is keyed by the user's scope, so one user's rows never serve another.

Beside the root connection runs the app's health check (monitor/setup/health.py): a thread that queries the
database every few seconds and writes the answer where `python -m monitor health` reads it. After a fatal
DuckDB error the database instance refuses every query ("database has been invalidated"): the next run
closes it and opens the file again (`healthy_cursor`); the health check says so meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from monitor import config as config_module
from monitor import db
from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.setup import health

if TYPE_CHECKING:
    from monitor.project import load as project_load
    from monitor.project.checks import Finding

# The project, checks, seed and backup modules are imported where used: they pull in pandas and plotly (~0.4 s),
# which the login form, shown by every new session first, does not need (issue 19, first paint).

log = logging.getLogger("consortium_monitor")


@st.cache_resource
def settings() -> config_module.Config:
    return config_module.load()


@st.cache_resource(on_release=lambda con: con.close())
def root_connection(store: str, seed_dir: str) -> db.Connection:
    """The DuckDB file (built from the seed when missing) or the PostgreSQL database (the seed loaded when it has
    no project yet). Raises db.DatabaseDamaged (not cached: every run tries again, so a restored file is picked
    up) or db.DatabaseUnavailable."""
    settings_now = settings()
    if not db.is_url(store) and not Path(store).exists():
        from monitor.setup import seed  # only to build or load the seed: an existing database needs no pandas

        seed.build_database(Path(store), Path(seed_dir), settings_now)
    con = db.connect(store)
    if db.is_url(store) and db.query(con, "project_ids").empty:
        from monitor.setup import seed

        try:
            seed.load_into(con, Path(seed_dir), settings_now)
        except db.ConstraintBroken:  # another app server started at the same moment and loaded it first
            log.info("the seed was loaded by another process meanwhile")
    return con


@st.cache_resource(on_release=lambda beat: beat.stop())
def heartbeat(store: str, seed_dir: str) -> health.Heartbeat:
    """Its status file sits beside database.path, also for a PostgreSQL store (the file is the app's, not the
    database's)."""
    return health.Heartbeat(settings().db_path, root_connection(store, seed_dir))


_THREAD = threading.local()  # this thread's cursor, and the root connection it came from


def cursor() -> db.Connection:
    """A cursor of the root connection for the running thread, never shared between threads.

    One per script thread, not one per session: Streamlit starts a rerun at once (runner.fastReruns) while
    the previous run of the same session may still be inside a query on its thread, and a DuckDB cursor used
    by two threads at once refuses ("connection is busy with another call"). A cursor of a closed root
    connection (after reopen) is replaced; a thread's cursor is closed with the thread."""
    root = root_connection(settings().store, str(settings().seed_dir))
    if getattr(_THREAD, "root", None) is not root:
        _THREAD.cursor, _THREAD.root = root.cursor(), root
    return _THREAD.cursor


def healthy_cursor() -> db.Connection:
    """This session's cursor, proven by a query. A database invalidated by a fatal error is closed and opened
    again once; a damaged file raises db.DatabaseDamaged, a held one db.DatabaseLocked."""
    path = settings().store
    try:
        return _probed(path)
    except db.Error as error:
        if not db.is_invalidated(error):
            raise _damaged_or(error, path) from None
        log.error("the database %s was invalidated by a fatal error; reopening it: %s", path, db.first_line(error))
        reopen()
        try:
            return _probed(path)
        except db.Error as again:  # the supervisor sees it too: the heartbeat's status says so
            refuse_service(t("recovery.reopen_failed", request_language(), detail=db.first_line(again)))
            raise


def _probed(path: str) -> db.Connection:
    heartbeat(path, str(settings().seed_dir))
    con = cursor()
    health.probe(con)
    forget_reads_if_others_wrote(con)
    return con


_SEEN = {"version": None}  # the newest audited change this process has read its data after
_SEEN_LOCK = threading.Lock()


def forget_reads_if_others_wrote(con: db.Connection) -> None:
    """On PostgreSQL other processes write too (another app server, a scheduled `monitor import`): when the
    newest audited change is not the one this process last saw, its cached reads may be stale and are dropped.
    A DuckDB file has one writing process, this one, which drops them itself after each write (after_write)."""
    if not db.is_postgres(con):
        return
    version = db.scalar(con, "data_version")
    with _SEEN_LOCK:
        if _SEEN["version"] is not None and version != _SEEN["version"]:
            forget_reads()
        _SEEN["version"] = version


def _damaged_or(error: db.Error, path: str) -> Exception:
    return db.DatabaseDamaged(path, db.first_line(error)) if db.is_damage(error) else error


def reopen() -> None:
    """Forget the root connection, every session's cursor and the cached data; the next use opens the file."""
    heartbeat.clear()
    root_connection.clear()  # closes it; every thread's cursor of it is replaced on its next use
    forget_reads()


def damaged_message(damaged: db.DatabaseDamaged, lang: str) -> str:
    from monitor.ledger import backup

    return backup.damaged_message(damaged, settings(), lang)


def refuse_service(message: str) -> None:
    """Instead of the pages: the message alone, and nothing else of the app (no navigation, no traceback).

    An empty hidden navigation is declared first: until a run calls st.navigation, Streamlit lists the files
    in pages/ in the sidebar by their file names, which would lead past this message."""
    st.navigation([st.Page(_nothing, title=t("app.title", request_language()), default=True)], position="hidden")
    st.title(t("app.title", request_language()))
    st.error(message)
    st.stop()


def _nothing() -> None:
    """The one page of a refused service; never run (the message is shown in its place)."""


def request_language() -> str:
    """The language of a page shown before the sidebar exists: ?lang= in the URL, else app.language."""
    asked = st.query_params.get("lang")
    return asked if asked in ("nb", "en") else settings()["app.language"]


@st.cache_data(show_spinner=False, max_entries=64)
def projects(scope: Scope):
    from monitor.project import load as project_load

    return project_load.list_projects(cursor(), scope)


@st.cache_data(show_spinner=False, max_entries=64)
def project_data(project_id: str, as_of: dt.date, scope: Scope) -> project_load.ProjectData:
    from monitor.project import load as project_load

    return project_load.load_project(cursor(), project_id, as_of, scope)


@st.cache_data(show_spinner=False, max_entries=64)
def findings(project_id: str, scope: Scope) -> list[Finding]:
    from monitor.project.checks import check_project

    return check_project(cursor(), project_id, settings(), scope)


def after_write() -> None:
    """Call after any write: cached reads may now be stale."""
    forget_reads()


_SHARED_READS: list = []  # the shared_read caches: forgotten with the cached data


def shared_read(function):
    """st.cache_resource for a large read of immutable values (the portfolio's 3000 frozen rows): handed to every
    run as it is, where st.cache_data would unpickle a copy on each use (0.2-0.3 s each at 3000 projects); forgotten
    with the cached data after every write."""
    cached = st.cache_resource(show_spinner=False, max_entries=16)(function)
    _SHARED_READS.append(cached)
    return cached


def forget_reads() -> None:
    """Drop every cached read: st.cache_data and the shared reads."""
    st.cache_data.clear()
    for read in _SHARED_READS:
        read.clear()
