"""Effort at scale (issue 17, "Speed"): the Effort page's reads for one project of a generated portfolio with
300 projects, 5 000 persons and 2 000 000 hours lines (effort_actual), against the targets warm ≤ 300 ms and
uncached ≤ 1 s.

    python bench/effort.py [--runs 5] [--db /tmp/bench_effort.duckdb] [--projects 300] [--persons 5000]
                           [--effort-rows 2000000] [--ledger-rows 5000000] [--project gen00150]
                           [--engine duckdb|postgresql]

  * uncached: the core functions the page calls (effort load.load, monthly_hours, names, ledger_personnel,
    people.loads = the load across projects and its breaches, hours.waiting, edit.plan_rows and versions), each run on a fresh connection (opened before the clock starts), median of N;
  * warm: the page's server-side run (AppTest of the entry point + pages/effort.py, signed in as the demo admin)
    with warm caches, as bench/budget_pages.py measures pages, median of N.
The database is generated (monitor.setup.generate.build with persons and effort rows, set-based SQL in DuckDB)
when the file does not exist yet. With --engine postgresql it is copied into a throwaway PostgreSQL cluster
(python -m monitor migrate-store, tests/postgres.py) and both figures are taken there.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import config, db  # noqa: E402
from monitor.access.scope import local_user  # noqa: E402
from monitor.effort import edit, hours, load, people  # noqa: E402
from monitor.setup import generate  # noqa: E402

TARGET_WARM, TARGET_UNCACHED = 0.300, 1.0


def build(path: Path, projects: int, persons: int, effort_rows: int, ledger_rows: int) -> dict[str, int]:
    """The generated portfolio with its people and hours (the embedded projects are in it too)."""
    settings = config.load(ROOT / "config.yaml", env={})
    return generate.build(path, settings, projects, ledger_rows, persons=persons, effort_rows=effort_rows)


def core_reads(con: db.Connection, project_id: str, as_of: dt.date) -> int:
    """What the Effort page reads for a project, as the core functions give it; returns the rows read (so the
    work cannot be skipped)."""
    scope = local_user()
    effort = load.load(con, project_id, scope, as_of)
    monthly = load.monthly_hours(con, project_id, scope, as_of)
    names = load.names(con, project_id, scope)
    loads = people.loads(con, project_id, scope)
    ledger = load.ledger_personnel(con, project_id, scope, as_of)  # the personnel cost beside what the rules allow
    waiting = hours.waiting(con, project_id, scope)  # the Report and approve hours tab
    plan = edit.plan_rows(con, project_id, scope)  # the Effort plan tab
    versions = edit.versions(con, project_id, scope)
    return (
        len(effort.hours)
        + len(monthly)
        + len(names.partners)
        + len(loads.table)
        + len(loads.breaches)
        + len(ledger)
        + len(waiting)
        + len(plan)
        + len(versions)
    )


def uncached(store: str, project_id: str, as_of: dt.date, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        con = db.connect(store)
        try:
            started = time.perf_counter()
            core_reads(con, project_id, as_of)
            times.append(time.perf_counter() - started)
        finally:
            con.close()
    return times


def warm(store: str, project_id: str, as_of: dt.date, runs: int) -> list[float]:
    """The page's server-side run with warm caches (the first runs warm imports, connection and caches)."""
    import streamlit as st

    from tests.apptest import app

    if db.is_url(store):
        os.environ.pop("MONITOR_DB", None)
        os.environ["MONITOR_DATABASE_URL"] = store
    else:
        os.environ.pop("MONITOR_DATABASE_URL", None)
        os.environ["MONITOR_DB"] = store
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app("admin", project=project_id, as_of=as_of.isoformat(), lang="en").run()
    at.switch_page("pages/effort.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
        assert not at.exception, [e.value for e in at.exception]
    st.cache_resource.clear()  # closes the app's connection (DuckDB: one process may hold the file)
    return times


@contextlib.contextmanager
def store_of(engine: str, path: Path):
    if engine == "duckdb":
        yield str(path)
        return
    from tests import postgres

    with postgres.cluster() as cluster:
        url = postgres.database_from(cluster, "template0")
        started = time.perf_counter()
        command = [sys.executable, "-m", "monitor", "migrate-store", "--db", str(path), "--to", url]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        print(f"copied {path.name} to PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)
        yield url


def measure(store: str, project_id: str, as_of: dt.date, runs: int) -> dict[str, float]:
    """Median seconds: uncached core reads, then the warm page."""
    return {
        "uncached": statistics.median(uncached(store, project_id, as_of, runs)),
        "warm": statistics.median(warm(store, project_id, as_of, runs)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "bench_effort.duckdb")
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--effort-rows", type=int, default=2_000_000)
    parser.add_argument("--ledger-rows", type=int, default=5_000_000)  # the scale of the other benches
    parser.add_argument("--project", default="gen00150")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 6, 30))
    parser.add_argument("--engine", choices=("duckdb", "postgresql"), default="duckdb")
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        counts = build(args.db, args.projects, args.persons, args.effort_rows, args.ledger_rows)
        print(f"generated {args.db} in {time.perf_counter() - started:.0f} s: {counts}", flush=True)
    with store_of(args.engine, args.db) as store:
        figures = measure(store, args.project, args.as_of, args.runs)
    print(
        f"{args.engine}: {args.project}, median of {args.runs}: uncached {figures['uncached'] * 1000:.0f} ms "
        f"(target {TARGET_UNCACHED * 1000:.0f}), warm {figures['warm'] * 1000:.0f} ms (target {TARGET_WARM * 1000:.0f})"
    )


if __name__ == "__main__":
    main()
