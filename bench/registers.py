"""Registers at scale: import, edit and view times for large generated registers.

    /tmp/venv/bin/python bench/registers.py [--results 20000] [--milestones 2000]

Builds a database from the embedded seed in a temporary folder, imports generated results and
milestones through the same path as the app (validation, version check, audit log), then times a single
edit, the schedule view (Gantt + table) and the results view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import config, db
from monitor.access.scope import local_user  # noqa: E402
from monitor.registers import edit as register_edit
from monitor.registers import files as register_files
from monitor.registers import results
from monitor.schedule import views as schedule_views
from monitor.setup import seed

TODAY = dt.date(2025, 6, 1)


def _csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def results_file(count: int) -> bytes:
    lines = ["category;title;result_date;wp_code;attendance_migrants;attendance_employers"]
    start = dt.date(2021, 12, 1)
    for n in range(count):
        day = start + dt.timedelta(days=n % 1400)
        lines.append(f"user_dissemination;Event {n};{day.isoformat()};WP{n % 3 + 1};{n % 17};{n % 11}")
    return _csv(lines)


def milestones_file(count: int) -> bytes:
    lines = ["code;wp_code;title;baseline_due;due_date;achieved_date"]
    for n in range(count):
        due = dt.date(2022, 1, 1) + dt.timedelta(days=n % 1400)
        achieved = (due + dt.timedelta(days=n % 30)).isoformat() if n % 3 and due < dt.date(2025, 10, 1) else ""
        lines.append(f"B{n};WP{n % 3 + 1};Milestone {n};{due.isoformat()};{due.isoformat()};{achieved}")
    return _csv(lines)


def timed(label: str, work):
    started = time.perf_counter()
    value = work()
    print(f"{label:<45} {time.perf_counter() - started:8.2f} s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=int, default=20_000)
    parser.add_argument("--milestones", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(ROOT / "data" / "seed" / "mwinc", Path(folder) / "seed" / "mwinc")
        path = Path(folder) / "bench.duckdb"
        seed.build_database(path, Path(folder) / "seed", config.load(ROOT / "config.yaml", env={}))
        con = db.connect(path)
        timed(
            f"import {args.results} results (CSV)",
            lambda: register_files.import_file(
                con, "results", "mwinc", results_file(args.results), "r.csv", local_user("bench"), TODAY
            ),
        )
        timed(
            f"import {args.milestones} milestones (CSV)",
            lambda: register_files.import_file(
                con, "milestones", "mwinc", milestones_file(args.milestones), "m.csv", local_user("bench"), TODAY
            ),
        )
        timed(
            "edit one milestone (read, check, write, log)",
            lambda: register_edit.edit(
                con, "milestones", "mwinc", "B7", 1, {"comment": "bench"}, local_user("bench"), TODAY
            ),
        )
        frame = timed("export results to xlsx", lambda: register_edit.rows(con, "results", "mwinc", local_user()))
        timed("  (writing the workbook)", lambda: register_files.export_xlsx(frame, "results"))
        data = schedule_views.load(con, "mwinc", local_user())
        timed(
            "schedule view (status, Gantt, table)",
            lambda: schedule_views.build_view(data, TODAY, 90, schedule_views.Filters(), "nb"),
        )
        timed("results view (counts, attendance, register)", lambda: results.build_view(frame, TODAY, "nb"))
        con.close()


if __name__ == "__main__":
    main()
