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
