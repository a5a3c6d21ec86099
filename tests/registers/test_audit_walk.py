"""Every write path of the registers leaves its trace in the audit log, in the same transaction.

The walk is driven by the write queries themselves: every monitor/sql/registers/register_<table>_<insert|update|delete>.sql
must be exercised below and found in the log as (table, action), so a new write path without an audit
entry fails here."""

import datetime as dt

from monitor import db
from monitor.access import audit
from monitor.access.scope import local_user
from monitor.registers import edit as registers
from monitor.registers import files as register_io
from tests.registers import writes

TODAY = dt.date(2025, 6, 1)
ACTIONS = {"insert": audit.INSERT, "update": audit.UPDATE, "delete": audit.DELETE}
NEW = {
    "milestones": {"code": "M9", "title": "Walk", "baseline_due": "2024-01-01", "due_date": "2024-01-01"},
    "deliverables": {
        "code": "D9",
        "title": "Walk",
        "baseline_due": "2025-08-31",
        "due_date": "2025-08-31",
        "status": "pending",
    },
    "results": {"category": "report", "title": "Walk", "result_date": "2024-01-01"},
    "risks": {"title": "Walk", "probability": 1, "impact": 1, "state": "open"},
}


def _write_queries() -> set[tuple[str, str]]:
    found = set()
    for path in db.SQL_DIR.rglob("register_*_*.sql"):
        table, _, operation = path.stem.removeprefix("register_").rpartition("_")
        if operation in ACTIONS:
            found.add((table, ACTIONS[operation]))
    return found


def _walk_functions(con) -> None:
    for register, values in NEW.items():
        key = writes.add(con, register, "mwinc", values, local_user("walker"), TODAY)
        registers.edit(con, register, "mwinc", key, 1, {"title": "Walked"}, local_user("walker"), TODAY)
        writes.delete(con, register, "mwinc", key, 2, local_user("walker"))


def _walk_editor_and_import(con) -> None:
    snapshot = registers.rows(con, "risks", "mwinc", local_user())
    state = {"edited_rows": {0: {"owner": "Editor"}}, "added_rows": [NEW["risks"]], "deleted_rows": []}
    registers.apply(
        con, "risks", "mwinc", registers.changes_from_editor("risks", snapshot, state), local_user("editor"), TODAY
    )
    text = register_io.export_csv(registers.rows(con, "milestones", "mwinc", local_user()), "milestones").decode(
        "utf-8-sig"
    )
    text = (
        text.replace("Dialogue conference", "Dialogue conference held") + "M99;;Imported;2024-01-01;2024-01-01;;;\r\n"
    )
    register_io.import_file(con, "milestones", "mwinc", text.encode(), "m.csv", local_user("importer"), TODAY)


def test_every_write_query_is_walked_and_logged(con):
    _walk_functions(con)
    log = audit.read(con, local_user())
    logged = set(zip(log["table_name"], log["action"], strict=True))
    assert _write_queries() <= logged
    assert len(_write_queries()) == 12  # 4 registers x insert, update, delete


def test_editor_and_import_writes_are_logged_with_their_user(con):
    _walk_editor_and_import(con)
    log = audit.read(con, local_user())
    assert set(zip(log["user_name"], log["table_name"], log["action"], strict=True)) == {
        ("editor", "risk", "update"),
        ("editor", "risk", "insert"),
        ("importer", "milestone", "update"),
        ("importer", "milestone", "insert"),
    }
    assert ("M3.2", "title", "Dialogue conference", "Dialogue conference held") in set(
        zip(log["row_key"], log["field"], log["old_value"], log["new_value"], strict=True)
    )


def test_each_logged_change_matches_the_table(con):
    """Replaying the log's new values over the seeded rows gives the rows as stored."""
    _walk_editor_and_import(con)
    stored = registers.rows(con, "milestones", "mwinc", local_user()).set_index("code")
    log = audit.read(con, local_user(), audit.Filters(table_name="milestone"))
    for key, field, new in zip(log["row_key"], log["field"], log["new_value"], strict=True):
        assert audit.as_text(key if field == "code" else stored.loc[key, field]) == new


def test_a_failed_write_leaves_neither_change_nor_log(con):
    before = registers.rows(con, "milestones", "mwinc", local_user())
    try:
        registers.apply(
            con,
            "milestones",
            "mwinc",
            [
                registers.Change(registers.EDIT, {"comment": "ok"}, "M0", 1),
                registers.Change(registers.EDIT, {"due_date": "2030-01-01"}, "M1.1", 1),
            ],
            local_user("walker"),
            TODAY,
        )
    except registers.Invalid:
        pass
    assert registers.rows(con, "milestones", "mwinc", local_user()).equals(before)
    assert audit.read(con, local_user()).empty
