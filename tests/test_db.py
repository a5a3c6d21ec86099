import duckdb
import pytest

from monitor import db

from .conftest import held_by_another_process


def test_migrations_are_applied_once_and_recorded(tmp_path):
    path = tmp_path / "fresh.duckdb"
    con = db.connect(path)
    recorded = con.execute("select version, name from schema_migration order by version").fetchall()
    assert recorded[0] == (1, "001_schema.sql")
    assert db.migrate(con) == []  # nothing left to apply
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {
        "project",
        "cost_plan",
        "funding_plan",
        "ledger_entry",
        "inkind_contribution",
        "milestone",
        "deliverable",
        "result",
        "indicator",
        "risk",
        "report_snapshot",
        "import_batch",
        "audit_log",
    } <= tables
    con.close()


def test_every_table_carries_project_id_and_money_is_decimal(tmp_path):
    con = db.connect(tmp_path / "fresh.duckdb")
    columns = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_name <> 'schema_migration'"
    ).fetchall()
    tables = {t for t, _, _ in columns}
    # The audit log spans projects; a user's choice of notification rules is the user's, in every project; the
    # funder's open-data register is the office's, keyed by the funder's project number (a funded row's project);
    # the one sending run of the reminders (mail_run) sends for every project.
    user_level = {"audit_log", "notification_choice", "rcn_application", "mail_run"}
    assert all((t, "project_id") in {(tt, c) for tt, c, _ in columns} for t in tables - user_level)
    money = [(t, c, d) for t, c, d in columns if c in ("amount", "hourly_rate") or c.startswith("declared_")]
    assert money and all(d == "DECIMAL(18,2)" for _, _, d in money)
    con.close()


def test_a_failed_transaction_writes_nothing(tmp_path):
    con = db.connect(tmp_path / "fresh.duckdb")
    with pytest.raises(duckdb.Error):
        with db.transaction(con):
            con.execute("insert into audit_log (user_name, action) values ('a', 'x')")
            con.execute("insert into no_such_table values (1)")
    assert con.execute("select count(*) from audit_log").fetchone() == (0,)
    con.close()


def test_a_second_process_gets_a_clear_message(tmp_path):
    path = tmp_path / "held.duckdb"
    db.connect(path).close()
    with held_by_another_process(path) as holder:
        with pytest.raises(db.DatabaseLocked) as raised:
            db.connect(path, read_only=True)
        assert f"process {holder.pid}" in str(raised.value)
        assert "Stop that process" in str(raised.value)


def test_the_holder_of_the_file_is_found_without_opening_the_database(tmp_path):
    path = tmp_path / "held.duckdb"
    db.connect(path).close()
    assert db.holder_pid(path) is None
    with held_by_another_process(path) as holder:
        assert db.holder_pid(path) == holder.pid
        with pytest.raises(db.DatabaseLocked, match=f"process {holder.pid}"):
            db.ensure_free(path)


def test_a_file_that_is_not_a_database_is_damaged_not_a_traceback(tmp_path):
    path = tmp_path / "text.duckdb"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(db.DatabaseDamaged, match="not a valid DuckDB database file") as raised:
        db.connect(path)
    assert raised.value.path == path


def test_postgresql_keeps_one_entry_per_source_line_itself(pg_cluster):
    """Migration 009 (PostgreSQL only): a second entry with a project's source line is refused at commit."""
    from tests import postgres

    store = db.connect(postgres.database_from(pg_cluster, "template0"))
    line = {"project_id": "p", "posting_date": "2024-01-02", "year": 2024, "period": 1, "account": "5000",
            "partner_id": "usn", "amount": "1.00", "source_line": "file:1"}  # fmt: skip
    try:
        with db.transaction(store):
            db.insert_rows(store, "ledger_entry", [line])
        with pytest.raises(db.ConstraintBroken), db.transaction(store):
            db.insert_rows(store, "ledger_entry", [{**line, "amount": "2.00"}])
        assert db.row_count(store, "ledger_entry") == 1
        assert 9 in db.schema_versions(store)
    finally:
        store.close()


def test_a_duckdb_file_does_not_apply_a_postgresql_migration(tmp_path):
    con = db.connect(tmp_path / "m.duckdb")
    try:
        assert 9 not in db.schema_versions(con) and 8 in db.schema_versions(con)
    finally:
        con.close()
