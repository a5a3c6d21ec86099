"""Two app servers on one PostgreSQL database, and a command-line import committing while both serve.

    python bench/two_servers.py [--sessions 6] [--duration 40]

A throwaway PostgreSQL cluster (tests/postgres.py) gets the embedded seed by `migrate-store`; two `streamlit run`
processes serve it (as two machines behind a proxy would); each gets half of the sessions, which sign in and walk
their role's pages through Streamlit's own websocket protocol (bench/streamlit_client.py, as in
bench/load_sessions.py). A third of the way in, `python -m monitor import` writes three ledger lines. Checked:
the import commits, no session meets an error or a lock message, every Overview shows the project's total either
before or after the import (never a part of it), every Overview opened after the commit shows the new one, on
both servers, and the database holds exactly the lines added.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_sessions as load  # noqa: E402

from monitor import config, db  # noqa: E402
from monitor.setup import seed  # noqa: E402
from tests import postgres  # noqa: E402


def expected(url: str) -> load.Expected:
    """The figures before, read from the server with the same plain SQL as the load test; after = before plus the
    file's own sum."""
    store = db.connect(url)
    try:
        end = store.execute("select end_date from project where project_id = $p", {"p": load.PROJECT}).fetchone()[0]
        as_of = min(load.dt.date.today(), end)
        total = spent(store, as_of)
        rows = store.execute(
            "select p.partner_id,"
            " (select coalesce(sum(amount), 0) from ledger_entry l where l.project_id = p.project_id"
            "   and l.partner_id = p.partner_id and l.posting_date <= $as_of)"
            " + (select coalesce(sum(amount), 0) from inkind_contribution i where i.project_id = p.project_id"
            "   and i.partner_id = p.partner_id and i.status = 'approved' and i.work_date <= $as_of)"
            " from partner p where p.project_id = $p",
            {"as_of": as_of, "p": load.PROJECT},
        ).fetchall()
    finally:
        store.close()
    before = {partner: Decimal(amount) for partner, amount in rows}
    added = sum((amount for _, day, _, _, amount in load.IMPORT_LINES if day <= as_of), Decimal(0))
    after = {**before, load.IMPORT_PARTNER: before[load.IMPORT_PARTNER] + added}
    return load.Expected(as_of, total, total + added, before, after)


def spent(store, as_of) -> Decimal:
    return Decimal(
        store.execute(
            "select (select coalesce(sum(amount), 0) from ledger_entry where project_id = $p and posting_date <= $as_of)"
            " + (select coalesce(sum(amount), 0) from inkind_contribution where project_id = $p"
            "   and status = 'approved' and work_date <= $as_of)",
            {"p": load.PROJECT, "as_of": as_of},
        ).fetchone()[0]
    )


def start(url: str, folder: Path, name: str) -> tuple[subprocess.Popen, str]:
    port = load.free_port()
    env = {**os.environ, "MONITOR_DATABASE_URL": url, "MONITOR_CONFIG": str(ROOT / "config.yaml")}
    env.pop("MONITOR_DB", None)
    streamlit = str(Path(sys.executable).parent / "streamlit")
    command = [streamlit, "run", str(ROOT / "dashboard.py"), "--server.port", str(port), "--server.address",
               "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = (folder / f"{name}.log").open("wb")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    ), f"http://127.0.0.1:{port}"


def cli_import(url: str, folder: Path, line: load.Timeline) -> subprocess.CompletedProcess:
    path = folder / "lastprove.csv"
    path.write_bytes(load.import_file())
    env = {**os.environ, "MONITOR_DATABASE_URL": url, "MONITOR_CONFIG": str(ROOT / "config.yaml")}
    command = [sys.executable, "-m", "monitor", "import", str(path), "--project", load.PROJECT]
    line.import_steps["confirm_started"] = line.now()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    line.import_committed = line.now()
    return done


async def drive(bases: list[str], sessions: int, options: load.Options, exp: load.Expected, url: str, folder: Path):
    line = load.Timeline(time.perf_counter(), options.ramp, options.duration, options.ramp + options.duration / 3)
    tasks = [
        load.page_session(n, load.ROLES[n % len(load.ROLES)], bases[n % 2], exp, line, options.think, options.page_timeout)
        for n in range(sessions)
    ]  # fmt: skip

    async def importer() -> subprocess.CompletedProcess:
        await asyncio.sleep(line.import_at)
        return await asyncio.to_thread(cli_import, url, folder, line)

    *_, imported = await asyncio.gather(*tasks, importer())
    return line, imported


def run(sessions: int, options: load.Options) -> dict:
    with tempfile.TemporaryDirectory(prefix="two-servers-") as name, postgres.cluster() as cluster:
        folder = Path(name)
        url = postgres.database_from(cluster, "template0")
        seed.build_database(folder / "seed.duckdb", ROOT / "data" / "seed", config.load(ROOT / "config.yaml", env={}))
        subprocess.run([sys.executable, "-m", "monitor", "migrate-store", "--db", str(folder / "seed.duckdb"),
                        "--to", url], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
        exp = expected(url)
        servers = [start(url, folder, f"server{n}") for n in (1, 2)]
        try:
            for process, base in servers:
                load.wait_healthy(base, process)
            line, imported = asyncio.run(drive([b for _, b in servers], sessions, options, exp, url, folder))
        finally:
            for process, _ in servers:
                load.stop_server(process)
        store = db.connect(url)
        try:
            spent_after = spent(store, exp.as_of)
        finally:
            store.close()
        logs = "".join((folder / f"server{n}.log").read_text(errors="replace") for n in (1, 2))
    result = load.summary(sessions, line, exp, spent_after, 0.0, 0.0, 0.0, (0.0, 0.0))
    result["import_exit"], result["import_said"] = (
        imported.returncode,
        (imported.stdout + imported.stderr).strip()[-300:],
    )
    result["server_tracebacks"] = logs.count("Traceback")
    result["after_by_server"] = {
        base: sum(1 for v in line.views if v.total_seen == "after" and v.session % 2 == n)
        for n, base in enumerate(("server1", "server2"))
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--think", type=float, default=2.0)
    args = parser.parse_args(argv)
    options = load.Options(duration=args.duration, think=args.think, ramp=5.0)
    result = run(args.sessions, options)
    shown = {k: result[k] for k in ("sessions", "views", "p50", "p95", "errors", "leaks", "totals_wrong",
             "totals_before", "totals_after", "after_by_server", "import_exit", "server_tracebacks",
             "spent_before", "spent_after", "expected_after", "problems")}  # fmt: skip
    print(json.dumps(shown, indent=2, default=str))
    ok = (result["problem_count"] == 0 and result["import_exit"] == 0 and result["server_tracebacks"] == 0
          and all(result["after_by_server"].values()))  # fmt: skip
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
