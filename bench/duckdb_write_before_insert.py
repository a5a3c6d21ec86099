"""Reproduce the DuckDB 2.0 fault the ledger commit is ordered around (migration 007, monitor/ledger/commit.py).

    python bench/duckdb_write_before_insert.py [--lines 250000] [--limit 64MiB] [--runs 4]

As the import does: lines are staged in a temp table (its partner filled by an update), then one transaction
updates a row and inserts the `--lines` staged lines (more than one row group, 122 880 rows) under a memory
cap. With DuckDB 2.0 this fails, or worse writes wrong values, in most runs: "Corrupted
uncompressed string segment", "Invalid unicode ... in segment statistics update", a NOT NULL violation on a
constant column, or a wrong sum. The same insert with the update *after* it, or without the cap, is right.
Prints one line per run and order.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def one_run(order: str, lines: int, limit: str) -> str:
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        con = duckdb.connect(str(Path(folder) / "repro.duckdb"))
        con.execute("create sequence s")
        con.execute(
            "create table ledger (entry_id bigint default nextval('s'), project_id varchar not null, "
            "posting_date date not null, year integer not null, period integer not null, account varchar not null,"
            " account_name varchar, cost_category varchar, partner_id varchar not null, wp_code varchar, "
            "amount decimal(18, 2) not null, text varchar, voucher varchar, batch_id bigint, source_file varchar, "
            "source_line varchar not null)"
        )
        con.execute(
            "insert into ledger (project_id, posting_date, year, period, account, partner_id, amount, source_line)"
            " select 'p', date '2022-01-01', 2022, 1, '5000', 'usn', 0, 'seed:' || i from range(2000) as r(i)"
        )
        con.execute("checkpoint")
        con.execute(f"set memory_limit = '{limit}'")
        con.execute(
            "create temp table stage as select i::integer as row_no, 'saft:912345678:2023:GL:T' || i || ':' || "
            "(i % 3) as source_line, date '2023-01-01' + (i % 365)::integer as posting_date, 2023 as \"year\", "
            "1 + (i % 12) as \"period\", (5000 + (i % 7) * 100)::varchar as account, 'Kontonavn ' || (i % 7) as "
            "account_name, 'other' as cost_category, null::varchar as partner_id, null::varchar as wp_code, "
            "(i % 1000) / 100 as amount, 'Faktura fra leverandør nr ' || i || ' for prosjektarbeid' as text, "
            "'T' || i as voucher from range(?) as r(i)",
            [lines],
        )
        con.execute("update stage set partner_id = 'usn' where partner_id is null")  # as the import's partner fill
        con.execute("create table claim (k varchar primary key, n integer)")
        con.execute("insert into claim values ('p', 0)")
        update = "update claim set n = n + 1 where k = 'p'"
        insert = (
            "insert into ledger (project_id, posting_date, year, period, account, account_name, cost_category, "
            "partner_id, wp_code, amount, text, voucher, batch_id, source_file, source_line) select $p, "
            "s.posting_date, s.year, s.period, s.account, s.account_name, s.cost_category, s.partner_id, s.wp_code,"
            " s.amount, s.text, s.voucher, 7, 'file.xml', s.source_line from stage as s where not exists (select 1 "
            "from ledger as e where e.project_id = $p and e.source_line = s.source_line) order by s.row_no"
        )
        con.execute("begin")
        try:
            for statement in (update, insert) if order == "update-then-insert" else (insert, update):
                con.execute(statement, {"p": "p"} if statement is insert else {})
            con.execute("commit")
        except Exception as error:  # the point is to show DuckDB's error  # noqa: BLE001
            return f"fails: {str(error).splitlines()[0][:100]}"
        count, total = con.execute("select count(*), sum(amount) from ledger where batch_id = 7").fetchone()
        expected = lines // 1000 * 4995 + sum(range(lines % 1000)) / 100
        return f"{count} lines, sum {total}" + (
            "" if float(total) == expected else f"  WRONG (expected {expected:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=250_000)
    parser.add_argument("--limit", default="64MiB")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--child", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(one_run(args.child[0], args.lines, args.limit))
        return
    for order in ("update-then-insert", "insert-then-update"):
        for run in range(args.runs):  # each in its own process: a failed run may have crashed
            done = subprocess.run(
                [sys.executable, __file__, "--child", order, "--lines", str(args.lines), "--limit", args.limit],
                capture_output=True,
                text=True,
            )
            print(f"{order:20} run {run + 1}: {done.stdout.strip() or 'crashed: ' + done.stderr.strip()[-100:]}")


if __name__ == "__main__":
    main()
