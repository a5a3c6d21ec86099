"""The app on PostgreSQL (database.engine: postgresql through MONITOR_DATABASE_URL): an empty server database is
filled from the seed on first start, and every page shows the same figures as on the DuckDB file."""

import os
import subprocess
import sys
from decimal import Decimal

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


# Three ledger lines for USN inside the period, one a credit note: 12 345.67 + 2 000.00 - 345.00 = 14 000.67.
ANOTHER_PROCESS_IMPORTS = (
    "Bilagsnr;Dato;Konto;Tekst;Beløp;Partner\r\n"
    "X1;02.06.2025;5000;Lønn;12345,67;usn\r\n"
    "X2;03.06.2025;6790;Tjeneste;2000,00;usn\r\n"
    "X3;04.06.2025;7140;Reise, kreditnota;-345,00;usn\r\n"
)


def test_a_write_by_another_process_shows_on_the_next_run(server_app, tmp_path):
    """Found by bench/two_servers.py: an app server kept its cached figures after another process (the other
    server, a scheduled import) wrote, and showed the old spend until restarted."""
    at = app(user="leader", lang="en", as_of="2025-06-30").run()
    spent_before = tiles(at)["Spent to date"]
    path = tmp_path / "ledger.csv"
    path.write_text(ANOTHER_PROCESS_IMPORTS, encoding="utf-8")
    env = {**os.environ, "MONITOR_DATABASE_URL": server_app, "MONITOR_CONFIG": str(ROOT / "config.yaml")}
    command = [sys.executable, "-m", "monitor", "import", str(path), "--project", "mwinc"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    again = app(user="leader", lang="en", as_of="2025-06-30").run()  # the next page view, in this server process
    assert spent_from(tiles(again)["Spent to date"]) == spent_from(spent_before) + Decimal("14000.67")


def spent_from(help_text: str) -> Decimal:
    """'NOK 13,946,146.96. Accounts posted…' -> 13946146.96"""
    return Decimal(help_text.split("\u00a0", 1)[1].split(". ")[0].replace(",", ""))
