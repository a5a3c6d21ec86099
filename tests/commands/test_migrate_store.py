"""migrate-store: the DuckDB database copied into an empty PostgreSQL one, verified; a filled target refused."""

import csv
import subprocess
import sys
from decimal import Decimal

from monitor import db
from tests import postgres
from tests.conftest import EMBEDDED_SEED, ROOT


def migrate(db_path, url):
    command = [sys.executable, "-m", "monitor", "migrate-store", "--db", str(db_path), "--to", url]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)


def seed_sum(name: str) -> Decimal:
    with (EMBEDDED_SEED / "mwinc" / name).open(encoding="utf-8") as handle:
        return sum((Decimal(row["amount"]) for row in csv.DictReader(handle)), Decimal("0"))


def test_the_copy_holds_every_row_and_every_krone(db_path, pg_cluster):
    url = postgres.database_from(pg_cluster, "template0")
    done = migrate(db_path, url)
    assert done.returncode == 0, done.stderr
    target = db.connect(url)
    try:
        # the seed's own files, summed here: the ledger and the cost plan arrive to the øre
        assert db.money_totals(target, "ledger_entry")["amount"] == seed_sum("ledger.csv")
        # the cost plan twice: the contract and plan v2, which the seeded change request made by moving 100 000
        # inside it (the same total)
        assert seed_sum("cost_plan.csv") == Decimal("15102000.00")
        assert db.money_totals(target, "cost_plan")["amount"] == 2 * seed_sum("cost_plan.csv")
        assert db.row_count(target, "change_request") == 1
        with open(EMBEDDED_SEED / "mwinc" / "ledger.csv", encoding="utf-8") as handle:
            assert db.row_count(target, "ledger_entry") == sum(1 for _ in csv.DictReader(handle))
        # the indexes dropped for the copy were built again after it
        indexes = {row[0] for row in target.execute("select indexname from pg_indexes").fetchall()}
        assert {"ledger_project_date", "ledger_month_project", "ledger_month_start", "ledger_year_project"} <= indexes
        # vacuumed and analyzed after the copy: copied pages are all-visible only after a vacuum, and without it the
        # portfolio's covering index by month went unused at 3000 projects (a scan of 9 M monthly sums instead)
        tended = target.execute(
            "select last_vacuum is not null and last_analyze is not null from pg_stat_user_tables "
            "where relname = 'ledger_month'"
        ).fetchone()[0]
        assert tended
        # a new row's id continues after the copied ones (the shared id sequence was moved on)
        highest = target.execute("select max(risk_id) from risk").fetchone()[0]
        assert target.execute("select nextval('row_id_seq')").fetchone()[0] > highest
    finally:
        target.close()


def test_a_target_that_holds_rows_is_refused_and_left_as_it_was(db_path, pg_cluster):
    url = postgres.database_from(pg_cluster, "template0")
    assert migrate(db_path, url).returncode == 0
    again = migrate(db_path, url)
    assert again.returncode == 2
    assert "the target is not empty" in again.stderr and "nothing was copied" in again.stderr
    target = db.connect(url)
    try:
        with open(EMBEDDED_SEED / "mwinc" / "ledger.csv", encoding="utf-8") as handle:
            assert db.row_count(target, "ledger_entry") == sum(1 for _ in csv.DictReader(handle))  # not doubled
    finally:
        target.close()


def test_a_target_that_is_not_postgresql_is_refused(db_path, tmp_path):
    refused = migrate(db_path, str(tmp_path / "other.duckdb"))
    assert refused.returncode == 2 and "is not a postgresql:// URL" in refused.stderr


def rows(con, table: str) -> list[str]:
    return sorted(map(repr, con.execute(f"select * from {table}").fetchall()))  # noqa: S608 (the test's own names)


def test_texts_nulls_and_empty_texts_arrive_as_they_were(db_path, pg_cluster):
    # the copy goes through CSV: a line break, quotes, a comma and Norwegian letters in a text, an empty text beside
    # a NULL, must arrive unchanged
    source = db.connect(db_path)
    try:
        source.execute("update project set name_nb = 'Linje én\n\"Sitat\", æøå ÆØÅ' where project_id = 'mwinc'")
        first, second = source.execute("select min(entry_id), max(entry_id) from ledger_entry").fetchone()
        source.execute("update ledger_entry set text = '', wp_code = null where entry_id = $id", {"id": first})
        source.execute("update ledger_entry set text = null where entry_id = $id", {"id": second})
        db.checkpoint(source)
        tables = ("project", "ledger_entry", "audit_log")
        before = {table: rows(source, table) for table in tables}
    finally:
        source.close()
    url = postgres.database_from(pg_cluster, "template0")
    done = migrate(db_path, url)
    assert done.returncode == 0, done.stderr
    target = db.connect(url)
    try:
        assert target.execute("select name_nb from project where project_id = 'mwinc'").fetchone()[0] == (
            'Linje én\n"Sitat", æøå ÆØÅ'
        )
        empty = target.execute("select text, wp_code from ledger_entry where entry_id = $id", {"id": first}).fetchone()
        assert empty == ("", None)
        assert (
            target.execute("select text from ledger_entry where entry_id = $id", {"id": second}).fetchone()[0] is None
        )
        for table in tables:  # every row and every value, dates, timestamps, booleans and amounts too
            assert rows(target, table) == before[table], table
    finally:
        target.close()
