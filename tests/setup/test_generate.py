"""`generate`: a consistent synthetic portfolio, deterministic for a seed."""

from decimal import Decimal as D

from monitor import db
from monitor.access.scope import local_user
from monitor.project import checks
from monitor.setup import generate


def test_generated_portfolio_is_consistent(tmp_path, settings):
    path = tmp_path / "gen.duckdb"
    counts = generate.build(path, settings, projects=3, ledger_rows=3000, seed_value=7)
    assert counts["projects"] == 3 and counts["ledger"] == 3000
    con = db.connect(path)
    try:
        per_project = dict(
            con.execute(
                "select project_id, count(*) from ledger_entry where project_id like 'gen%' group by all"
            ).fetchall()
        )
        assert per_project == {"gen00001": 1000, "gen00002": 1000, "gen00003": 1000}  # 3000 spread evenly
        for project_id in per_project:
            assert (
                checks.check_project(con, project_id, settings, local_user()) == []
            )  # plans balance, references valid
        outside = con.execute(
            "select count(*) from ledger_entry as l join project as p using (project_id) "
            "where l.posting_date not between p.start_date and p.end_date"
        ).fetchone()[0]
        assert outside == 0
        credits = con.execute("select count(*) from ledger_entry where amount < 0").fetchone()[0]
        assert credits > 0
    finally:
        con.close()


def test_same_seed_same_data(tmp_path, settings):
    totals = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.duckdb"
        generate.build(path, settings, projects=2, ledger_rows=500, seed_value=3)
        con = db.connect(path)
        totals.append(con.execute("select sum(amount) from ledger_entry").fetchone()[0])
        con.close()
    assert totals[0] == totals[1] and isinstance(totals[0], D)


def test_ledger_chunks_are_whole_projects_in_order():
    # 3 projects, 10 lines: line i belongs to project i * 3 // 10 -> lines 0-3 project 0, 4-6 project 1, 7-9
    # project 2 (4 * 3 // 10 = 1, 7 * 3 // 10 = 2); chunks of about 4 lines hold 3 * 4 // 10 = 1 project each
    assert generate.ledger_chunks(3, 10, chunk=4) == [(0, 4), (4, 7), (7, 10)]
    # a chunk larger than the ledger: one range over every line
    assert generate.ledger_chunks(3, 10, chunk=100) == [(0, 10)]
    # no lines at all: one empty range
    assert generate.ledger_chunks(2, 0) == [(0, 0)]


def test_the_ledger_is_the_same_in_chunks_as_in_one_piece(tmp_path, settings, monkeypatch):
    ledgers = []
    for name, chunk in (("one", 10_000), ("chunked", 300)):  # 1 range, or 7 * 300 // 2000 = 1 project per range
        monkeypatch.setattr(generate, "LEDGER_CHUNK", chunk)
        path = tmp_path / f"{name}.duckdb"
        generate.build(path, settings, projects=7, ledger_rows=2000, seed_value=5)
        con = db.connect(path)
        try:
            ledgers.append(
                con.execute(
                    "select project_id, posting_date, account, partner_id, wp_code, amount, source_line "
                    "from ledger_entry where project_id like 'gen%' order by source_line"
                ).fetchall()
            )
            stored = [
                row[0]
                for row in con.execute("select project_id from ledger_entry where project_id like 'gen%'").fetchall()
            ]
            assert stored == sorted(stored)  # stored in project order, chunk after chunk
        finally:
            con.close()
    assert len(ledgers[0]) == 2000 and ledgers[0] == ledgers[1]
