"""The ledger's writes and its batch list ask the Scope themselves: a leader of another project, a partner and a
viewer are refused by prepare, commit, undo and batches, and nothing is written (not even the stage)."""

from __future__ import annotations

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.ledger.batches import batches
from monitor.ledger.commit import commit, undo
from monitor.ledger.stage import ImportRequest, prepare
from tests.importers.helpers import TESTER, run_import

# Two cost lines in mwinc's period (2021-12-01 to 2025-11-30): 1 234,50 - 34,50 = 1 200,00.
CSV = "Dato;Konto;Beløp\r\n05.01.2024;5000;1 234,50\r\n10.02.2024;6790;-34,50\r\n"

OUTSIDERS = {
    "leader of another project": Scope(user="ola", role="leader", project_ids=frozenset({"integrate"})),
    "partner": Scope(user="kari", role="partner", project_ids=frozenset({"mwinc"}), partner_id="usn"),
    "viewer": Scope(user="funder", role="viewer", project_ids=frozenset({"mwinc"})),
}
MWINC_LEADER = Scope(user="lise", role="leader", project_ids=frozenset({"mwinc"}))


@pytest.fixture(params=list(OUTSIDERS.values()), ids=list(OUTSIDERS))
def outsider(request: pytest.FixtureRequest) -> Scope:
    return request.param


@pytest.fixture
def request_for_mwinc(tmp_path) -> ImportRequest:
    path = tmp_path / "ledger.csv"
    path.write_text(CSV, encoding="utf-8")
    return ImportRequest(path=path, project_id="mwinc", partner_id="usn")


def rows_written(con) -> tuple[int, ...]:
    """Rows of every table a ledger write touches (the test's own SQL)."""
    return tuple(
        con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 - the test's own table names
        for table in ("ledger_entry", "import_batch", "audit_log", "ledger_write")
    )


def staged(con) -> bool:
    return con.execute("select count(*) from duckdb_tables() where table_name = 'import_stage'").fetchone()[0] > 0


def test_an_outsider_may_not_prepare_an_import(con, settings, request_for_mwinc, outsider):
    before = rows_written(con)
    with pytest.raises(AccessDenied):
        prepare(con, request_for_mwinc, outsider, settings)
    assert rows_written(con) == before and not staged(con)


def test_an_outsider_may_not_commit_an_editors_preview(con, settings, request_for_mwinc, outsider):
    preview = prepare(con, request_for_mwinc, TESTER, settings)
    assert (preview.rows_to_insert, str(preview.total)) == (2, "1200.00") and not preview.blocked
    before = rows_written(con)
    with pytest.raises(AccessDenied):
        commit(con, preview, outsider, settings)
    assert rows_written(con) == before


def test_an_outsider_may_neither_list_nor_undo_the_batches(con, settings, request_for_mwinc, outsider):
    _, result = run_import(con, settings, request_for_mwinc.path, partner_id="usn")
    before = rows_written(con)
    with pytest.raises(AccessDenied):
        batches(con, "mwinc", outsider)
    with pytest.raises(AccessDenied):
        undo(con, "mwinc", result.batch_id, outsider)
    assert rows_written(con) == before
    undone = con.execute("select undone_at from import_batch where batch_id = ?", [result.batch_id]).fetchone()[0]
    assert undone is None


def test_the_projects_own_leader_lists_and_undoes_them(con, settings, request_for_mwinc):
    # The control of the refusals above: the same calls pass for an editor of the project.
    _, result = run_import(con, settings, request_for_mwinc.path, partner_id="usn")
    assert batches(con, "mwinc", MWINC_LEADER)["batch_id"].tolist() == [result.batch_id]
    assert undo(con, "mwinc", result.batch_id, MWINC_LEADER) == 2
    audit = con.execute(
        "select user_name from audit_log where table_name = 'import_batch' and action = 'undo_import'"
    ).fetchall()
    assert audit == [("lise",)]  # the audit names the scope's user
