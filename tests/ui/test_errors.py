"""A page's failure as the app shows it (ui/errors.py, issue 13, case 5): damage named in plain words with the
newest good backup, a fatal error met while a page reads, a failing entry point in the page's language."""

from __future__ import annotations

import pytest

from monitor.i18n import t
from tests.apptest import app
from tests.conftest import app_pointed_at
from tests.damage import DAMAGE


def _page_failing_with(kind: str, db_path):
    """A page whose own read meets damage or a fatal error, after the entry point found the database well."""
    from streamlit.testing.v1 import AppTest

    def script(kind: str, garbage: str) -> None:
        import duckdb

        from ui import errors

        class Page:
            url_path = "budget"

            def run(self):
                if kind == "damage":
                    duckdb.connect(garbage)  # DuckDB's own error for a file that is no database
                raise duckdb.FatalException(
                    "FATAL Error: database has been invalidated because of a previous fatal error"
                )

        errors.run_page(Page(), "leader", "en")

    garbage = db_path.with_name("garbage.duckdb")
    garbage.write_bytes(b"\x17" * 8192)
    return AppTest.from_function(script, args=(kind, str(garbage)), default_timeout=30)


@pytest.mark.parametrize("damage", ["half", "garbled header"])
def test_the_app_refuses_service_with_a_plain_message(good_backup, db_path, monkeypatch, damage):
    DAMAGE[damage](db_path)
    for _ in app_pointed_at(db_path, monkeypatch):
        at = app("leader", lang="en").run()
        assert not at.exception
        assert len(at.error) == 1
        assert f"The database file `{db_path}` is damaged" in at.error[0].value
        assert f"`{good_backup}`" in at.error[0].value
        assert not at.sidebar  # no pages, no navigation: the message alone
        nb = app("leader", lang="nb").run()
        assert not nb.exception and f"Databasefilen `{db_path}` er skadet" in nb.error[0].value


def test_damage_met_while_a_page_reads_is_named_not_a_generic_error(good_backup, db_path, monkeypatch):
    for _ in app_pointed_at(db_path, monkeypatch):
        at = _page_failing_with("damage", db_path).run()
        assert not at.exception
        assert "is damaged and cannot be used" in at.error[0].value
        assert f"`{good_backup}`" in at.error[0].value


def test_a_failure_in_the_entry_point_shows_the_plain_message(con, db_path, monkeypatch, caplog):
    """Not damage, yet the frame fails (here: a table the app needs is gone): the page's language and the
    app's own message, the traceback only in the server log, never Streamlit's English error."""
    con.execute("drop table project cascade")
    con.close()
    for _ in app_pointed_at(db_path, monkeypatch):
        at = app("leader", lang="nb").run()
        assert not at.exception
        assert [e.value for e in at.error] == [t("app.error", "nb")]
        assert "the app's frame failed" in caplog.text


def test_a_fatal_error_met_while_a_page_reads_reopens_the_database(db_path, monkeypatch):
    from ui import database as data

    for _ in app_pointed_at(db_path, monkeypatch):
        before = data.root_connection(str(db_path), str(data.settings().seed_dir))
        at = _page_failing_with("fatal", db_path).run()
        assert not at.exception
        assert "has been opened again" in at.error[0].value
        assert data.root_connection(str(db_path), str(data.settings().seed_dir)) is not before
