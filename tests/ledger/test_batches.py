"""The batch list (monitor/ledger/batches.py) asks the Scope itself: an outsider may neither list nor undo the
batches, the project's own leader may."""

from __future__ import annotations

import pytest

from monitor.access.scope import AccessDenied, Scope
from monitor.ledger.batches import batches
from monitor.ledger.commit import undo
from tests.ledger.helpers import rows_written, run_import

MWINC_LEADER = Scope(user="lise", role="leader", project_ids=frozenset({"mwinc"}))


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
