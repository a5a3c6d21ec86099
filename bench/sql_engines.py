"""Every migration and every named query on DuckDB and on PostgreSQL 15: do both give the same rows? (issue 15)

    python bench/sql_engines.py [--only NAME ...] [--show]

1. Builds the embedded seed database in DuckDB (monitor.setup.seed.build_database, in a temp folder) and adds a
   few fixture rows the seed has none of (import batches, audit entries, odd ledger lines), so that the import,
   audit and `monitor check` queries have something to find.
2. Starts a throwaway PostgreSQL 15 cluster (initdb + pg_ctl in a temp folder, as the user `postgres`, trust
   auth, 127.0.0.1 on a free port, C collation: text sorts by bytes, as in DuckDB), applies
   monitor/migrations/*.sql there in order, as monitor/db.py does, and copies every table's rows from DuckDB
   (COPY), checking row counts and money totals.
3. Runs every named query of monitor/sql/ on both engines with sample parameters for the embedded project (by
   parameter name, each combination of the sample values given for the names the query uses) and compares the
   rows: values and their Python types (Decimal('0') is not Decimal('0.00')), sorted when the query has no
   ORDER BY. Writes run inside a transaction that is rolled back on both; a write without RETURNING is compared
   by its count of changed rows. A query marked `-- engine: duckdb` runs on DuckDB, and its twin
   `<name>.postgresql.sql`, when there is one, on PostgreSQL.

One line per query: same / differs / fails on pg / fails on duckdb / duckdb only; then a total. Exit status 1
when a read differs or any query fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import psycopg  # noqa: E402

from monitor import config, db  # noqa: E402
from monitor.access.audit import ACCOUNT_ACTIONS  # noqa: E402
from monitor.setup import seed  # noqa: E402
from tests import postgres  # noqa: E402  (the tests' throwaway cluster)

ENGINE_MARK = re.compile(r"^\s*--\s*engine:\s*duckdb\b", re.MULTILINE)
TWIN_SUFFIX = ".postgresql"

# --- SQL text: comments, strings, $names ------------------------------------------------------------------

_TOKENS = re.compile(
    r"""(?P<comment>--[^\n]*|/\*.*?\*/)
      | (?P<string>'(?:[^']|'')*')
      | (?P<ident>"(?:[^"]|"")*")
      | (?P<param>\$[A-Za-z_][A-Za-z0-9_]*)
      | (?P<percent>%)
      | (?P<other>[^-/'"$%]+|.)""",
    re.VERBOSE | re.DOTALL,
)


def _tokens(sql: str) -> Iterator[tuple[str, str]]:
    for match in _TOKENS.finditer(sql):
        yield match.lastgroup, match.group()


def code_only(sql: str) -> str:
    """The text without comments and with string literals blanked: what the keywords and $names are read from."""
    return "".join("''" if kind == "string" else "" if kind == "comment" else text for kind, text in _tokens(sql))


def param_names(sql: str) -> list[str]:
    return sorted({text[1:] for kind, text in _tokens(sql) if kind == "param"})


def is_write(sql: str) -> bool:
    return bool(re.match(r"\s*(insert|update|delete|create|drop|alter)\b", code_only(sql), re.IGNORECASE))


def has_returning(sql: str) -> bool:
    return bool(re.search(r"\breturning\b", code_only(sql), re.IGNORECASE))


def has_outer_order_by(sql: str) -> bool:
    """An ORDER BY at parenthesis depth 0: the query promises an order."""
    depth, flat = 0, []
    for char in code_only(sql):
        depth += char == "("
        depth -= char == ")"
        flat.append(char if depth == 0 else " ")
    return bool(re.search(r"\border\s+by\b", "".join(flat), re.IGNORECASE))


# --- sample values, by parameter name ---------------------------------------------------------------------
# Each name maps to a list of values; a query runs once per combination of the lists of the names it uses.
# Values that depend on the data ("@...") are looked up in the seeded DuckDB database.

AS_OF = dt.date(2024, 6, 30)
SAMPLES: dict[str, list[Any]] = {
    "project_id": ["mwinc", "integrate", "integration_day"],
    "as_of": [AS_OF],
    "month_start": [AS_OF.replace(day=1)],
    "partner_id": [None, "nav_vt"],
    "scope_partner_id": [None, "nav_vt"],
    "plan_version": ["baseline"],
    "from_version": ["baseline"],
    "year": [None, 2023],
    "cost_category": [None, "personnel_indirect"],
    "wp_code": [None, "WP2"],
    "all_projects": [True, False],
    "project_ids": [["mwinc", "integrate"], []],
    "actions": [list(ACCOUNT_ACTIONS)],
    "user_name": [None, "admin"],
    "since": [None, dt.datetime(2024, 1, 1)],
    "until": [None, dt.datetime(2024, 6, 1)],
    "max_rows": [100],
    "table_name": [None, "import_batch"],
    "action": [None, "import"],
    "row_key": [None, "900001"],
    "lockout_minutes": [15],
    "batch_id": [900001, 900003],
    "threshold": [Decimal("1000000.00"), Decimal("100000000.00")],
    "first": [4000],
    "last": [7999],
    "replace": [False, True],
    "sha256": ["sha-one"],
    "org_number": ["974760673"],
    "limit": [10],
    "replaced": [[], [900001]],
    "source_file": ["fixture.csv"],
    "file_name": ["fixture.csv"],
    "format": ["ledger_csv"],
    "rows_read": [3],
    "rows_rejected": [0],
    "imported_by": ["admin"],
    "status": [None, "approved"],
    "report_type": [None, "accounts"],
    "period": [None, "2023"],
    "key": [None],
    "version": [1],
    "amount": [Decimal("1234.50")],
    "hours": [Decimal("7.50")],
    "hourly_rate": [Decimal("800.00")],
    "work_date": [dt.date(2024, 3, 1)],
    "person_role": ["Adviser"],
    "activity": ["Workshop"],
    "reported_by": ["nav_vt_user"],
    "decided_by": ["leader"],
    "decision_comment": [None],
    "created_at": [dt.datetime(2024, 6, 1, 12, 0)],
    "created_by": ["admin"],
    "label": ["Re-plan"],
    "tables_json": ['{"t": []}'],
    "content_hash": ["hash"],
    "submitted_at": [dt.datetime(2024, 6, 1, 12, 0)],
    "submitted_by": ["admin"],
    "fields": [[None], ["title", "due_date"]],
    "old_values": [[None], ["Old", "2024-01-01"]],
    "new_values": [[None], ["New", None]],
    "field": ["undone_at"],
    "old_value": [None],
    "new_value": ["2024-06-01T12:00:00"],
    "code": ["X9.9"],
    "title": ["Fixture title"],
    "type": ["report"],
    "responsible_partner_id": ["nav_vt"],
    "baseline_due": [dt.date(2024, 9, 1)],
    "due_date": [dt.date(2024, 10, 1)],
    "delivered_date": [None],
    "achieved_date": [dt.date(2024, 5, 1)],
    "delay_justification": [None],
    "link": [None],
    "comment": ["fixture"],
    "category": ["publication"],
    "result_date": [dt.date(2024, 2, 1)],
    "partner_ids": ["nav_vt; usn"],
    "authors": ["A. Author"],
    "doi": [None],
    "cristin_id": [None],
    "url": [None],
    "open_access": [True],
    "audience": ["researchers"],
    "attendance_migrants": [3],
    "attendance_employers": [None],
    "attendance_support": [0],
    "attendance_researchers": [12],
    "attendance_others": [None],
    "probability": [2],
    "impact": [3],
    "owner": ["usn"],
    "mitigation": ["Watch it"],
    "state": ["open"],
    "seed": [7],
    "projects": [2],
    "ledger_rows": [200],
    "first_line": [0],  # generate_ledger inserts lines first_line..last_line - 1: here all 200
    "last_line": [200],
}

# Where one name means different things in different queries: (query, name) -> values.
BY_QUERY: dict[tuple[str, str], list[Any]] = {
    ("register_deliverable_rows", "key"): [None, "D1.2"],
    ("register_deliverable_update", "key"): ["D1.2"],
    ("register_deliverable_delete", "key"): ["D1.2"],
    ("register_milestone_rows", "key"): [None, "M1.1"],
    ("register_milestone_update", "key"): ["M1.1"],
    ("register_milestone_delete", "key"): ["M1.1"],
    ("register_result_rows", "key"): [None, "@result"],
    ("register_result_update", "key"): ["@result"],
    ("register_result_delete", "key"): ["@result"],
    ("register_risk_rows", "key"): [None, "@risk"],
    ("register_risk_update", "key"): ["@risk"],
    ("register_risk_delete", "key"): ["@risk"],
    ("inkind_rows", "key"): [None, "@inkind"],
    ("inkind_decide", "key"): ["@inkind"],
    ("inkind_decide", "status"): ["approved"],
    ("inkind_rows", "status"): [None, "reported"],
    ("import_batch_undo", "batch_id"): [900001],
    ("audit_read", "project_id"): [None, "mwinc"],
    ("audit_insert", "project_id"): [None, "mwinc"],
    ("audit_insert", "table_name"): ["milestone"],
    ("audit_insert", "row_key"): ["M1.1"],
    ("audit_insert", "action"): ["update"],
    ("audit_insert", "user_name"): ["admin"],
    ("import_audit", "action"): ["import", "undo_import"],
    ("import_audit", "user_name"): ["admin"],
    ("import_audit", "row_key"): ["900001"],
    ("auth_recent_failures", "user_name"): ["admin", "nobody"],
    ("ledger_claim", "action"): ["import"],
    ("ledger_claim", "user_name"): ["admin"],
    ("plan_version_insert", "plan_version"): ["replan-1"],
    ("plan_version_set_current", "plan_version"): ["baseline", "none"],
    ("plan_funding_copy", "plan_version"): ["replan-1"],
    ("plan_cost_insert", "plan_version"): ["replan-1"],
    ("plan_cost_insert", "year"): [2024],
    ("plan_cost_insert", "cost_category"): ["other_operating"],
    ("plan_cost_insert", "partner_id"): ["nav_vt"],
    ("plan_cost_insert", "wp_code"): ["WP2", None],
    ("inkind_insert", "partner_id"): ["nav_vt"],
    ("inkind_insert", "wp_code"): ["WP2"],
    ("inkind_day_hours", "partner_id"): ["nav_vt", "usn"],
    ("import_stage_fill_partner", "partner_id"): ["usn"],
    ("register_deliverable_insert", "wp_code"): ["WP1"],
    ("register_deliverable_insert", "status"): ["pending"],
    ("register_deliverable_update", "status"): ["submitted"],
    ("register_deliverable_update", "wp_code"): ["WP1"],
    ("register_milestone_insert", "wp_code"): ["WP1"],
    ("register_milestone_update", "wp_code"): ["WP1"],
    ("register_result_insert", "wp_code"): [None],
    ("register_result_update", "wp_code"): [None],
    ("register_risk_insert", "wp_code"): ["WP3"],
    ("register_risk_update", "wp_code"): ["WP3"],
    ("report_snapshot_insert", "report_type"): ["progress"],
    ("report_snapshot_insert", "period"): ["2025"],
    ("generate_ledger", "until"): [AS_OF],
    ("generate_inkind", "until"): [AS_OF],
    ("generate_milestones", "until"): [AS_OF],
    ("generate_deliverables", "until"): [AS_OF],
    ("generate_projects", "until"): [AS_OF],
}

LOOKUPS = {
    "@result": "select min(result_id) from result where project_id = 'mwinc'",
    "@risk": "select min(risk_id) from risk where project_id = 'mwinc'",
    "@inkind": "select min(contribution_id) from inkind_contribution where project_id = 'mwinc' and status = 'reported'",
}

# --- fixture rows the seed has none of (run on DuckDB before the copy) ------------------------------------

FIXTURE = """
insert into import_batch (batch_id, project_id, file_name, sha256, format, rows_read, rows_inserted, rows_rejected,
                          amount_total, imported_by, imported_at, undone_at)
values (900001, 'mwinc', 'one.csv', 'sha-one', 'ledger_csv', 5, 0, 0, 0, 'admin', timestamp '2024-05-01 10:00', null),
       (900002, 'mwinc', 'two.csv', 'sha-two', 'ledger_csv', 2, 2, 0, 10.00, 'admin', timestamp '2024-05-02 10:00',
        timestamp '2024-05-03 10:00'),
       (900003, 'mwinc', 'three.csv', 'sha-three', 'saft', 1, 4, 1, 99.99, 'admin', timestamp '2024-05-04 10:00',
        null);
update ledger_entry set batch_id = 900001
where entry_id in (select entry_id from ledger_entry where project_id = 'mwinc' order by entry_id limit 5);
update import_batch set rows_inserted = 5,
    amount_total = (select sum(amount) from ledger_entry where batch_id = 900001)
where batch_id = 900001;
update ledger_entry set batch_id = 900004
where entry_id = (select max(entry_id) from ledger_entry where project_id = 'mwinc');
update ledger_entry set cost_category = null, account = 'ABC'
where entry_id = (select min(entry_id) from ledger_entry where project_id = 'mwinc' and batch_id is null);
insert into ledger_entry (project_id, posting_date, year, period, account, account_name, cost_category, partner_id,
                          wp_code, amount, text, voucher, source_file, source_line)
select project_id, posting_date, year, period, '9100', 'Out of range', null, 'ghost_partner', 'WP9', -amount,
       text, voucher, source_file, source_line
from ledger_entry where entry_id = (select max(entry_id) - 3 from ledger_entry where project_id = 'mwinc');
insert into audit_log (logged_at, project_id, user_name, action, table_name, row_key, field, old_value, new_value)
values (timestamp '2024-05-01 10:00', 'mwinc', 'admin', 'import', 'import_batch', '900001', null, null, 'one.csv'),
       (timestamp '2024-05-02 10:00', 'mwinc', 'admin', 'import', 'import_batch', '900002', null, null, 'two.csv'),
       (timestamp '2024-05-03 10:00', 'mwinc', 'admin', 'undo_import', 'import_batch', '900002', 'undone_at',
        null, '2024-05-03'),
       (timestamp '2024-05-05 10:00', 'mwinc', 'admin', 'replace', 'import_batch', '900003', null, null, null),
       (timestamp '2024-05-06 10:00', 'mwinc', 'admin', 'import', 'import_batch', 'not-a-number', null, null, null),
       (timestamp '2024-05-07 10:00', 'mwinc', 'admin', 'import', 'import_batch', '900099', null, null, null),
       (timestamp '2024-02-01 09:00', null, 'admin', 'login_ok', null, null, null, null, null),
       (timestamp '2024-02-01 09:05', null, 'admin', 'login_failed', null, null, null, null, null),
       (timestamp '2024-02-02 09:05', null, 'admin', 'login_failed', null, null, null, null, null),
       (timestamp '2024-02-03 09:05', 'mwinc', 'guest', 'denied', 'project', 'mwinc', null, null, null),
       (timestamp '2024-03-01 12:00', 'mwinc', 'nav_vt_user', 'insert', 'inkind_contribution',
        (select cast(min(contribution_id) as varchar) from inkind_contribution where status = 'reported'),
        'hours', null, '7.5'),
       (timestamp '2024-03-02 12:00', 'mwinc', 'leader', 'update', 'milestone', 'M1.1', 'title', 'A', 'B'),
       (timestamp '2024-03-03 12:00', 'mwinc', 'leader', 'refused', 'milestone', 'M1.1', 'title', 'B', 'C');
insert into cost_plan (project_id, plan_version, year, cost_category, partner_id, wp_code, amount)
values ('mwinc', 'baseline', 2035, 'other_operating', 'usn', 'WP1', 100.00);
update partner set org_number = '974 760 673 MVA' where project_id = 'mwinc' and partner_id = 'usn';
insert into ledger_write (project_id, generation, action, user_name, written_at)
values ('mwinc', 1, 'import', 'admin', timestamp '2024-05-01 10:00');
"""

STAGE_COLUMNS = (
    "row_no, source_line, posting_date, year, period, account, account_name, cost_category, partner_id, wp_code, "
    "amount, text, voucher"
)


def stage_rows(duck) -> list[tuple]:
    """A staged file: 40 lines already in the ledger (every fifth with another amount: a conflict), two of them
    twice in the file, and new lines with an unknown partner, an unknown work package, an unmapped account."""
    ledger = duck.execute(
        f"select {STAGE_COLUMNS.replace('row_no, ', '')} from ledger_entry where project_id = 'mwinc' "  # noqa: S608
        "order by entry_id limit 40"
    ).fetchall()
    rows = []
    for n, line in enumerate(ledger, start=1):
        line = list(line)
        if n % 5 == 0:
            line[9] += Decimal("1.00")
        rows.append((n, *line))
    rows.append((41, *ledger[0]))  # the same source line twice in one file
    base = list(ledger[1])
    for n, (partner, wp, account, category) in enumerate(
        [
            ("nav_vt", "WP2", "5000", "other_operating"),
            ("nobody", "WP2", "5001", "other_operating"),
            ("usn", "WP8", "5002", "other_operating"),
            ("usn", None, "6001", None),
            ("nobody", "WP1", "6001", None),
            ("usn", None, "6002", None),
        ],
        start=42,
    ):
        new = [*base]
        new[0], new[4], new[5], new[6], new[7], new[8] = (
            f"new-{n}",
            account,
            f"Account {account}",
            category,
            partner,
            wp,
        )
        rows.append((n, *new))
    return rows


def pg_migrate(pg) -> list[str]:
    """monitor/db.py's migrate, on PostgreSQL: each numbered migration in its own transaction, recorded."""
    pg.execute(
        "create table if not exists schema_migration ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamp not null default current_timestamp)"
    )
    applied = []
    # The migrations both engines share: the PostgreSQL-only constraint (009) would refuse the duplicate source line
    # this checker stages for check_duplicate_source_lines, a state DuckDB can hold and PostgreSQL cannot.
    for version, script in db._migration_files("duckdb"):
        with pg.transaction():
            pg.execute(script.read_text(encoding="utf-8"))
            pg.execute("insert into schema_migration (version, name) values (%s, %s)", [version, script.name])
        applied.append(script.name)
    return applied


def copy_tables(duck, pg) -> list[str]:
    """Every table's rows from DuckDB into PostgreSQL by COPY, then the sequence; problems (counts, totals)."""
    problems = []
    for table in db.table_names(duck):
        if table == "schema_migration":
            continue
        columns = [
            row[0]
            for row in duck.execute(
                "select column_name from information_schema.columns where table_schema = 'main' and table_name = ? "
                "order by ordinal_position",
                [table],
            ).fetchall()
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        rows = duck.execute(f'select {names} from "{table}"').fetchall()  # noqa: S608
        with pg.cursor() as cur, cur.copy(f'copy "{table}" ({names}) from stdin') as copy:
            for row in rows:
                copy.write_row(row)
        money = [c for c in columns if c in ("amount", "amount_total", "target", "value", "hours")]
        totals = ", ".join(f"sum({c})" for c in ["1", *money])
        here = duck.execute(f'select {totals} from "{table}"').fetchone()  # noqa: S608
        there = pg.execute(f'select {totals} from "{table}"').fetchone()  # noqa: S608
        if [str(v) for v in here] != [str(v) for v in there]:
            problems.append(f"{table}: duckdb {here} postgresql {there}")
    following = duck.execute("select nextval('row_id_seq')").fetchone()[0]
    pg.execute("select setval('row_id_seq', %s)", [following])  # the next id is the same on both
    return problems


# --- running and comparing --------------------------------------------------------------------------------


def shape(value: Any) -> tuple[str, str]:
    """A value as compared: its Python type and its text (Decimal('0') and Decimal('0.00') differ)."""
    if isinstance(value, float) and value != value:
        return ("nan", "")
    return (type(value).__name__, str(value))


def run_duckdb(duck, sql: str, params: dict, write: bool, registered: pd.DataFrame | None) -> list[tuple]:
    if write:
        duck.execute("begin transaction")
    try:
        if registered is not None:
            duck.register("import_stage_batch", registered)
        result = duck.execute(sql, params)
        rows = result.fetchall() if result.description else []
        if write and not has_returning(sql) and rows and len(rows[0]) == 1 and result.description[0][0] == "Count":
            rows = [("changed", rows[0][0])]
        return [tuple(shape(v) for v in row) for row in rows]
    finally:
        if registered is not None:
            duck.unregister("import_stage_batch")
        if write:
            duck.execute("rollback")


def run_postgres(pg, sql: str, params: dict, write: bool, registered: pd.DataFrame | None) -> list[tuple]:
    text = db.to_psycopg(sql)
    with pg.cursor() as cur:
        cur.execute("begin")
        try:
            if registered is not None:  # what db.registered would be on PostgreSQL: a temp table filled by COPY
                cur.execute("create temp table import_stage_batch on commit drop as select * from import_stage limit 0")
                with cur.copy(f"copy import_stage_batch ({STAGE_COLUMNS}) from stdin") as copy:
                    for row in registered.itertuples(index=False):
                        copy.write_row(tuple(row))
            cur.execute(text, params or None)
            if cur.description:
                rows = cur.fetchall()
            elif write and not has_returning(sql) and not re.match(r"\s*(create|drop|alter)\b", code_only(sql), re.I):
                rows = [("changed", cur.rowcount)]
            else:
                rows = []
            return [tuple(shape(v) for v in row) for row in rows]
        finally:
            cur.execute("rollback")


def combinations(name: str, names: list[str], lookups: dict[str, Any]) -> list[dict[str, Any]]:
    choices = []
    for param in names:
        values = BY_QUERY.get((name, param), SAMPLES.get(param))
        if values is None:
            raise KeyError(f"{name}: no sample value for ${param}; add it to SAMPLES")
        choices.append([lookups.get(v, v) if isinstance(v, str) else v for v in values])
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]


def check_query(path: Path, duck, pg, lookups: dict[str, Any], stage: pd.DataFrame, show: bool) -> tuple[str, str]:
    name = path.stem
    duck_sql = path.read_text(encoding="utf-8")
    only_duckdb = bool(ENGINE_MARK.search(duck_sql))
    twin = path.with_name(f"{name}{TWIN_SUFFIX}.sql")
    pg_sql = twin.read_text(encoding="utf-8") if twin.exists() else None if only_duckdb else duck_sql
    write = is_write(duck_sql)
    ordered = has_outer_order_by(duck_sql)
    registered = stage if "import_stage_batch" in code_only(duck_sql) else None
    names = param_names(duck_sql)
    if pg_sql is not None and param_names(pg_sql) != names:
        return "differs", f"parameters differ: {names} vs {param_names(pg_sql)}"
    runs = combinations(name, names, lookups)
    outcome, detail, rows_seen = "same", "", 0
    for params in runs:
        if write and pg_sql is not None:  # ids from the sequence: the same next one on both
            pg.execute("select setval('row_id_seq', %s)", [duck.execute("select nextval('row_id_seq')").fetchone()[0]])
        try:
            ours = run_duckdb(duck, duck_sql, params, write, registered)
        except Exception as error:  # noqa: BLE001 (a report line, not a crash)
            return "fails on duckdb", f"{params}: {db.first_line(error)}"
        if pg_sql is None:
            outcome = "duckdb only"
            continue
        try:
            theirs = run_postgres(pg, pg_sql, params, write, registered)
        except Exception as error:  # noqa: BLE001
            return "fails on pg", f"{params}: {db.first_line(error)}"
        rows_seen += len(ours)
        a, b = (ours, theirs) if ordered else (sorted(ours), sorted(theirs))
        if a != b:
            outcome = "differs"
            detail = f"{params}: " + first_difference(a, b) + ("" if sorted(a) != sorted(b) else " (order only)")
            break
        if show:
            print(f"    {name} {params}: {len(ours)} rows")
    if outcome == "same":
        detail = f"{len(runs)} run{'s' * (len(runs) != 1)}, {rows_seen} rows"
    elif outcome == "duckdb only":
        detail = "no PostgreSQL twin" if not twin.exists() else ""
    return outcome, detail


def first_difference(a: list[tuple], b: list[tuple]) -> str:
    if len(a) != len(b):
        return f"{len(a)} rows on duckdb, {len(b)} on postgresql"
    for n, (x, y) in enumerate(zip(a, b, strict=True)):
        if x != y:
            cells = [f"col {i}: {u} vs {v}" for i, (u, v) in enumerate(zip(x, y, strict=False)) if u != v]
            return f"row {n}: " + "; ".join(cells[:3])
    return "?"


def compare_with_revision(rev: str, duck, lookups: dict[str, Any], stage: pd.DataFrame, only) -> list[str]:
    """Queries whose DuckDB rows (values and Python types) differ between their text at `rev` and today's."""
    changed = []
    for path in query_files(only):
        relative = path.relative_to(ROOT).as_posix()
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{relative}"], capture_output=True, text=True)
        if shown.returncode != 0:
            continue  # a new query
        old, new = shown.stdout, path.read_text(encoding="utf-8")
        if old == new or param_names(old) != param_names(new):
            if old != new:
                changed.append(f"{path.stem}: parameters differ")
            continue
        write = is_write(new)
        registered = stage if "import_stage_batch" in code_only(new) else None
        for params in combinations(path.stem, param_names(new), lookups):
            runs = []
            for text in (old, new):
                if write:  # the same ids from the sequence for both texts
                    following = duck.execute("select currval('row_id_seq')").fetchone()[0]
                try:
                    runs.append(run_duckdb(duck, text, params, write, registered))
                except Exception as error:  # noqa: BLE001
                    runs.append([("error", db.first_line(error))])
                if write:
                    duck.execute(f"select setval('row_id_seq', {following})")
            a, b = runs if has_outer_order_by(new) else map(sorted, runs)
            if a != b:
                order_only = " (order only)" if sorted(a) == sorted(b) else ""
                changed.append(f"{path.stem} {params}: " + first_difference(a, b) + order_only)
                break
    return changed


def query_files(only: list[str] | None) -> list[Path]:
    files = sorted(p for p in db.SQL_DIR.rglob("*.sql") if not p.stem.endswith(TWIN_SUFFIX))
    return [p for p in files if not only or p.stem in only]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="query names to run (default: every one)")
    parser.add_argument("--show", action="store_true", help="a line per run with its parameters")
    parser.add_argument(
        "--before",
        metavar="REV",
        help="also run each query's text at this git revision on DuckDB and compare it with today's (a rewrite "
        "must not change DuckDB's rows)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sql_engines_") as folder, postgres.cluster() as url:
        path = Path(folder) / "monitor.duckdb"
        seed.build_database(path, ROOT / "data" / "seed", config.load(ROOT / "config.yaml"))
        duck = db.connect(path)
        duck.execute(FIXTURE)
        pg = psycopg.connect(url, autocommit=True)
        applied = pg_migrate(pg)
        print(f"migrations on postgresql: {len(applied)} applied ({', '.join(applied)})")
        problems = copy_tables(duck, pg)
        print(
            f"copied {len(db.table_names(duck)) - 1} tables: " + ("; ".join(problems) or "row counts and totals agree")
        )

        stage = stage_rows(duck)
        for con, mark in ((duck, "?"), (pg, "%s")):
            create = db.sql_text("import_stage_create")
            try:
                con.execute(create)
            except psycopg.Error:  # before the portable rewrite: PostgreSQL has no CREATE OR REPLACE TABLE
                con.execute(create.replace("create or replace temp table", "create temp table"))
            insert = f"insert into import_stage ({STAGE_COLUMNS}) values ({', '.join([mark] * 13)})"  # noqa: S608
            (con.executemany if con is duck else con.cursor().executemany)(insert, stage)
        frame = pd.DataFrame(stage, columns=[c.strip() for c in STAGE_COLUMNS.split(",")])
        frame["row_no"] += 1000  # the batch appended by import_stage_insert
        lookups = {key: duck.execute(sql).fetchone()[0] for key, sql in LOOKUPS.items()}

        if args.before:
            changed = compare_with_revision(args.before, duck, lookups, frame, args.only)
            print(f"against {args.before} on duckdb: " + ("; ".join(changed) or "every query gives the same rows"))
        counts: dict[str, int] = {}
        width = max(len(p.stem) for p in query_files(args.only))
        for file in query_files(args.only):
            outcome, detail = check_query(file, duck, pg, lookups, frame, args.show)
            kind = "write" if is_write(file.read_text(encoding="utf-8")) else "read"
            counts[outcome] = counts.get(outcome, 0) + 1
            print(f"{file.stem:<{width}}  {kind:<5}  {outcome:<15} {detail}")
        pg.close()
        duck.close()
    total = sum(counts.values())
    print(
        f"total {total}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items(), key=lambda x: -x[1]))
    )
    return 0 if set(counts) <= {"same", "duckdb only"} else 1


if __name__ == "__main__":
    sys.exit(main())
