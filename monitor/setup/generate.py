"""A consistent synthetic portfolio for benchmarks: projects, partners, work packages, a balanced
plan, milestones, deliverables, in-kind reports and ledger lines, generated inside DuckDB; optionally people and
their hours (effort, issue 17).

Everything is set-based SQL (range() + INSERT ... SELECT, one named file per table), so five million
ledger lines take seconds, not the minutes a Python loop would. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from monitor import db
from monitor.config import Config
from monitor.ledger import months
from monitor.setup import seed

STEPS = (
    "projects",
    "partners",
    "work_packages",
    "cost_plan",
    "funding_plan",
    "plan_versions",
    "milestones",
    "deliverables",
    "inkind",
)
EFFORT_STEPS = ("people", "effort")
UNTIL = dt.date(2025, 12, 31)  # the last posting date, so the data do not depend on the day it is built
# Ledger lines generated and sorted per statement: fifty million at once held 16 GiB of memory (issue 19).
LEDGER_CHUNK = 2_000_000
MEMORY = "4GiB"  # DuckDB's buffer cap while generating: beyond it, it spills to disk instead of growing


def add_portfolio(
    con: db.Connection, projects: int, ledger_rows: int, seed_value: int = 1, until: dt.date = UNTIL
) -> dict[str, int]:
    """Insert `projects` generated projects (ids gen00001..) with `ledger_rows` lines in all. Caller owns the transaction."""
    values = {"projects": projects, "ledger_rows": ledger_rows, "seed": seed_value, "until": until}
    counts = {}
    for step in STEPS:
        counts[step] = db.scalar(con, f"generate_{step}", **db.used_by(f"generate_{step}", values))
    counts["ledger"] = _add_ledger(con, values)
    months.refresh(con, None)  # every project's monthly sums, the generated ones with them
    return counts


def ledger_chunks(projects: int, ledger_rows: int, chunk: int | None = None) -> list[tuple[int, int]]:
    """The ledger's line numbers cut into ranges [first, last) of whole projects, about `chunk` lines each, in project
    order. Line i belongs to project number i * projects // ledger_rows (generate_ledger.sql), so the lines of the
    projects first..last-1 are those from ceil(first * ledger_rows / projects) to ceil(last * ledger_rows / projects)."""
    per_chunk = max(1, projects * (chunk or LEDGER_CHUNK) // max(ledger_rows, 1))  # projects per range

    def first_line(project: int) -> int:
        return -(-project * ledger_rows // projects)

    return [
        (first_line(first), first_line(min(first + per_chunk, projects))) for first in range(0, projects, per_chunk)
    ]


def _add_ledger(con: db.Connection, values: dict) -> int:
    # Chunk by chunk in project order: the table ends up in (project, date) order as one sorted insert would leave it.
    fixed = db.used_by("generate_ledger", values)
    return sum(
        db.scalar(con, "generate_ledger", **fixed, first_line=first, last_line=last)
        for first, last in ledger_chunks(values["projects"], values["ledger_rows"])
    )


def add_effort(
    con: db.Connection, persons: int, effort_rows: int, seed_value: int = 1, until: dt.date = UNTIL
) -> dict[str, int]:
    """Insert `persons` people over the generated projects and `effort_rows` hours lines over them (after
    add_portfolio). Caller owns the transaction."""
    values = {"persons": persons, "effort_rows": effort_rows, "seed": seed_value, "until": until}
    return {step: db.scalar(con, f"generate_{step}", **db.used_by(f"generate_{step}", values)) for step in EFFORT_STEPS}


def build(
    db_path: Path,
    config: Config,
    projects: int,
    ledger_rows: int,
    seed_value: int = 1,
    force: bool = False,
    persons: int = 0,
    effort_rows: int = 0,
) -> dict[str, int]:
    """A new database: the embedded seed projects plus the generated portfolio, written to a
    temporary file first and moved into place only when complete."""
    db_path = Path(db_path)
    if db_path.exists() and not force:
        raise FileExistsError(f"{db_path} exists; use --force to replace it")
    temporary = db_path.with_name(db_path.name + ".generating")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    seed.build_database(temporary, config.seed_dir, config)
    con = db.connect(temporary)
    try:
        db.limit_memory(con, MEMORY)
        with db.transaction(con):
            counts = add_portfolio(con, projects, ledger_rows, seed_value)
            if persons:
                counts |= add_effort(con, persons, effort_rows, seed_value)
        db.checkpoint(con)
    finally:
        con.close()
    db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)
    os.replace(temporary, db_path)
    return counts
