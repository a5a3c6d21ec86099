"""Page speed at scale: each registered page's server-side run on the embedded data and on a
generated portfolio, against the floor of its own queries run alone in DuckDB.

    python bench/budget_pages.py [--runs 5] [--big /tmp/bench_big.duckdb] [--projects 300] [--ledger-rows 5000000]
                                 [--pages budget overview] [--engine duckdb|postgresql]

With --engine postgresql both databases are copied (python -m monitor migrate-store) into a throwaway PostgreSQL
cluster (tests/postgres.py) and the pages run against it; the floor replays the queries on the server.

For each database and page (ui/navigation.py PAGES, signed in as the demo admin):
  * warm: AppTest of the entry point + page, run once to warm imports, connection and caches, then
    the median of N runs (the cached data are reused, as in a user's session);
  * uncached: the same, clearing st.cache_data before each run (every query runs again);
  * floor: the named queries (monitor.db.query / db.scalar / db.records) the page ran, replayed alone on a plain
    DuckDB connection, median of N;
  * RSS: the process's resident memory after all runs (it holds the app, as `streamlit run` would).
The big database is generated (python -m monitor generate) when the file does not exist yet.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from monitor import config, db
from monitor.setup import generate, seed

RECORDED: list[tuple[str, str, dict]] = []


def record_queries() -> None:
    """Wrap db.query, db.scalar and db.records (the portfolio's reads) so every named query a page runs is noted
    with its parameters."""
    query, scalar, records = db.query, db.scalar, db.records

    def noted_query(con, name, **params):
        RECORDED.append(("query", name, params))
        return query(con, name, **params)

    def noted_scalar(con, name, **params):
        RECORDED.append(("scalar", name, params))
        return scalar(con, name, **params)

    def noted_records(con, name, **params):
        RECORDED.append(("records", name, params))
        return records(con, name, **params)

    db.query, db.scalar, db.records = noted_query, noted_scalar, noted_records


def page_runs(page: str, project: str, as_of: str, runs: int) -> tuple[list[float], list[float], list]:

    from tests.apptest import app
    from ui import database

    at = app("admin", project=project, as_of=as_of, lang="en").run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    def timed(clear: bool) -> float:
        if clear:
            database.forget_reads()  # st.cache_data and the shared reads (the portfolio's rows), not the connection
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        assert not at.exception, [e.value for e in at.exception]
        return elapsed

    warm = [timed(False) for _ in range(runs)]
    RECORDED.clear()
    uncached = [timed(True) for _ in range(runs)]
    distinct = {query_key(kind, name, p): (kind, name, p) for kind, name, p in RECORDED[: len(RECORDED) // runs]}
    return warm, uncached, list(distinct.values())


def query_key(kind: str, name: str, params: dict) -> tuple:
    """A recorded query as a dict key: list parameters (the Effort page binds lists of ids) as tuples."""
    return kind, name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def floor(store: str, queries: list, runs: int) -> list[float]:
    # same process as the app: DuckDB shares the open database; a server is asked through its own pool
    con = db.connect(store) if db.is_url(store) else duckdb.connect(store)
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        for _kind, name, params in queries:
            con.execute(db.sql_text(name), dict(params)).fetchall()
        times.append(time.perf_counter() - started)
    con.close()
    return times[1:]  # the first replay warms the buffers


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, store: str, project: str, as_of: str, runs: int, only: list[str]) -> dict:
    import streamlit as st

    from ui.navigation import PAGES

    if db.is_url(store):
        os.environ.pop("MONITOR_DB", None)
        os.environ["MONITOR_DATABASE_URL"] = store
    else:
        os.environ.pop("MONITOR_DATABASE_URL", None)
        os.environ["MONITOR_DB"] = store
    st.cache_data.clear()
    st.cache_resource.clear()
    results = {}
    for spec in PAGES:
        if only and Path(spec.path).stem not in only:
            continue
        try:
            warm, uncached, queries = page_runs(spec.path, project, as_of, runs)
        except AssertionError as error:  # another page failing must not hide the figures of the rest
            print(f"{label:8} {spec.path:22} failed: {error}", flush=True)
            continue
        floors = floor(store, queries, runs)
        results[spec.path] = (
            statistics.median(warm),
            statistics.median(uncached),
            statistics.median(floors),
            len(queries),
        )
        print(
            f"{label:8} {spec.path:22} warm {results[spec.path][0] * 1000:7.0f} ms   uncached "
            f"{results[spec.path][1] * 1000:7.0f} ms   floor {results[spec.path][2] * 1000:7.1f} ms "
            f"({len(queries)} queries)",
            flush=True,
        )
    st.cache_resource.clear()
    return results


@contextlib.contextmanager
def stores(engine: str, small: Path, big: Path):
    """The two databases as the engine holds them: the DuckDB files, or copies of them in a throwaway cluster."""
    if engine == "duckdb":
        yield str(small), str(big)
        return
    from tests import postgres

    with postgres.cluster() as cluster:
        urls = []
        for path in (small, big):
            url = postgres.database_from(cluster, "template0")
            started = time.perf_counter()
            command = [sys.executable, "-m", "monitor", "migrate-store", "--db", str(path), "--to", url]
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            print(f"copied {path.name} to PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)
            urls.append(url)
        yield tuple(urls)


def middle_project(projects: int) -> str:
    """The generated project in the middle of the portfolio: every generated project holds the same number of ledger
    lines (spread evenly), so the middle one is of average size and stays gen00150 at 300 projects."""
    return f"gen{max(1, projects // 2):05d}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", type=Path, default=Path(tempfile.gettempdir()) / "bench_big.duckdb")
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--ledger-rows", type=int, default=5_000_000)
    parser.add_argument(
        "--big-project",
        help="the generated project measured (default the middle one: gen00150 of 300, gen01500 of 3000)",
    )
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--pages", nargs="*", default=[], help="page names (budget overview ...); default all")
    parser.add_argument("--engine", choices=("duckdb", "postgresql"), default="duckdb")
    args = parser.parse_args()
    args.big_project = args.big_project or middle_project(args.projects)
    settings = config.load(ROOT / "config.yaml", env={})
    record_queries()
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "embedded.duckdb"
        seed.build_database(small, settings.seed_dir, settings)
        if not args.big.exists():
            started = time.perf_counter()
            generate.build(args.big, settings, args.projects, args.ledger_rows)
            print(f"generated {args.big} in {time.perf_counter() - started:.0f} s", flush=True)
        with stores(args.engine, small, args.big) as (small_store, big_store):
            embedded = measure("embedded", small_store, "mwinc", args.as_of, args.runs, args.pages)
            big = measure("big", big_store, args.big_project, args.as_of, args.runs, args.pages)
            print(f"RSS after the big database's pages: {rss_mib():.0f} MiB", flush=True)
    print(
        f"\nRSS after all runs: {rss_mib():.0f} MiB (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)"
    )
    print("\n| page | embedded warm | big warm | big uncached | big floor | big/embedded (uncached) | uncached/floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page, (warm, uncached, floor_time, _count) in big.items():
        if page not in embedded:
            continue
        base = embedded[page]
        print(
            f"| `{page}` | {base[0] * 1000:.0f} ms | {warm * 1000:.0f} ms | {uncached * 1000:.0f} ms | "
            f"{floor_time * 1000:.1f} ms | {uncached / base[1]:.1f}x | {uncached / max(floor_time, 1e-9):.1f}x |"
        )


if __name__ == "__main__":
    main()
