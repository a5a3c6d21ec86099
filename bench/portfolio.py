"""Portfolio page with 300 generated projects: the warm page run, the uncached figures and the set-based
path against loading each project.

    python bench/portfolio.py --db /tmp/gen300.duckdb [--runs 5] [--as-of 2025-06-30]

Build the database first: python -m monitor generate --projects 300 --ledger-rows 5000000 --db /tmp/gen300.duckdb
1. Warm page run: AppTest of the entry point, then switch to pages/portfolio.py (signed in as admin, so
   every project), caches warm; median of N runs of the page.
2. Uncached: monitor.portfolio.views.portfolio (all SQL + rules) and the display table and chart, median of N.
3. For comparison: the per-project path (load_project + the overview's functions) on 30 projects.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import config, db
from monitor.access.scope import local_user  # noqa: E402
from monitor.portfolio import views as portfolio_views
from monitor.project import load as project_load


def page_runs(db_path: Path, as_of: str, runs: int) -> tuple[float, list[float]]:
    os.environ["MONITOR_DB"] = str(db_path)
    from tests.apptest import app

    at = app(user="admin", as_of=as_of, lang="nb").run()
    at.switch_page("pages/portfolio.py")
    started = time.perf_counter()
    at.run()  # first run: queries and views, cached afterwards
    first = time.perf_counter() - started

    def once() -> float:
        started = time.perf_counter()
        at.run()
        assert not at.exception and at.title[0].value in ("Portefølje", "Portfolio")
        return time.perf_counter() - started

    return first, [once() for _ in range(runs)]


def uncached(db_path: Path, as_of: dt.date, runs: int) -> tuple[list[float], list[float], int, float]:
    settings = config.load(ROOT / "config.yaml", env={})
    con = db.connect(db_path, read_only=True)
    figures, views, rows = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        rows = portfolio_views.portfolio(con, local_user(), as_of, settings)
        figures.append(time.perf_counter() - started)
        started = time.perf_counter()
        portfolio_views.table(rows, "nb"), portfolio_views.chart(rows, "nb")
        views.append(time.perf_counter() - started)
    started = time.perf_counter()
    for row in rows[:30]:
        portfolio_views.from_project_data(project_load.load_project(con, row.project_id, as_of, local_user()), settings)
    per_project = (time.perf_counter() - started) / 30
    con.close()
    return figures, views, len(rows), per_project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2025-06-30")
    args = parser.parse_args()
    figures, views, count, per_project = uncached(args.db, dt.date.fromisoformat(args.as_of), args.runs)
    print(f"projects: {count}")
    print(f"uncached figures (set-based SQL + rules): median {statistics.median(figures) * 1000:.0f} ms")
    print(f"uncached display table + chart: median {statistics.median(views) * 1000:.0f} ms")
    print(
        f"per-project path (load_project + overview functions): {per_project * 1000:.0f} ms per project, "
        f"~{per_project * count:.1f} s for all"
    )
    first, warm = page_runs(args.db, args.as_of, args.runs)
    print(f"portfolio page first run (AppTest, caches empty): {first * 1000:.0f} ms")
    print(
        f"portfolio page warm run (AppTest): median {statistics.median(warm) * 1000:.0f} ms, "
        f"max {max(warm) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
