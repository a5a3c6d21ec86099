"""bench/effort.py at a small size, so the generator and the measured reads cannot rot: 3 generated projects,
30 people, 3 000 hours lines."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import effort as bench  # noqa: E402


def test_the_generator_spreads_people_and_hours_over_the_generated_projects(tmp_path):
    path = tmp_path / "effort.duckdb"
    counts = bench.build(path, projects=3, persons=30, effort_rows=3000, ledger_rows=300)
    assert (counts["people"], counts["effort"]) == (30, 3000)
    con = duckdb.connect(str(path), read_only=True)
    try:
        per_project = dict(
            con.execute(
                "select project_id, count(*) from person where project_id like 'gen%' group by 1 order by 1"
            ).fetchall()
        )
        assert per_project == {"gen00001": 10, "gen00002": 10, "gen00003": 10}  # 30 spread evenly
        outside = con.execute(
            "select count(*) from effort_actual as e join project as p using (project_id) "
            "where e.project_id like 'gen%' and (e.month < p.start_date or e.month > p.end_date)"
        ).fetchone()[0]
        assert outside == 0
        unknown = con.execute(
            "select count(*) from effort_actual as e left join person as p using (person_id) "
            "where p.project_id is distinct from e.project_id"
        ).fetchone()[0]
        assert unknown == 0
    finally:
        con.close()


def test_the_core_reads_run_on_a_fresh_connection(tmp_path):
    path = tmp_path / "effort.duckdb"
    bench.build(path, projects=2, persons=10, effort_rows=500, ledger_rows=100)
    times = bench.uncached(str(path), "gen00001", dt.date(2025, 6, 30), runs=1)
    assert len(times) == 1 and times[0] > 0
