"""The app on PostgreSQL (database.engine: postgresql through MONITOR_DATABASE_URL): an empty server database is
filled from the seed on first start, and every page shows the same figures as on the DuckDB file."""

import pytest
import streamlit as st

from monitor import db
from tests import postgres
from tests.apptest import app, open_page
from tests.conftest import ROOT

PAGES = ("overview", "budget", "schedule", "results", "risks", "partners", "inkind", "ledger", "report", "audit")


@pytest.fixture
def server_app(pg_cluster, monkeypatch):
    url = postgres.database_from(pg_cluster, "template0")  # empty: the app loads the seed itself
    monkeypatch.delenv("MONITOR_DB", raising=False)
    monkeypatch.setenv("MONITOR_DATABASE_URL", url)
    monkeypatch.setenv("MONITOR_CONFIG", str(ROOT / "config.yaml"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()  # closes the app's pool, so the database can be dropped
    st.cache_data.clear()


def tiles(at) -> dict[str, str]:
    return {m.label: m.proto.help or m.value for m in at.metric}


def test_the_overview_is_the_same_on_both_engines(server_app, app_env_file):
    on_server = app(user="leader", lang="en", as_of="2024-06-30").run()
    assert not on_server.exception
    server_tiles = tiles(on_server)
    store = db.connect(server_app)
    try:
        assert not db.query(store, "project_ids").empty  # the seed was loaded into the empty database
    finally:
        store.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    app_env_file()
    on_file = app(user="leader", lang="en", as_of="2024-06-30").run()
    assert server_tiles == tiles(on_file) and server_tiles["Budget"] == "NOK\u00a015,102,000.00"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_postgresql(server_app, page):
    at = open_page(page, user="leader", lang="en", as_of="2024-06-30")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_a_partner_sees_its_own_figures_on_postgresql(server_app):
    at = app(user="nav", lang="en", as_of="2024-06-30").run()
    assert tiles(at)["Budget"] == "NOK\u00a0360,000.00"


@pytest.fixture
def app_env_file(db_path, monkeypatch):
    """Switch the app to the DuckDB file (for a comparison inside one test)."""

    def switch():
        monkeypatch.delenv("MONITOR_DATABASE_URL", raising=False)
        monkeypatch.setenv("MONITOR_DB", str(db_path))

    return switch
