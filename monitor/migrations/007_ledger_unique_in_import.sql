-- The ledger's "one entry per source line" moves from a UNIQUE index into the import (issue 4).
-- DuckDB keeps a transaction's new entries of a unique index on VARCHAR keys in memory and cannot
-- spill them: a one-transaction import of a large file held about 200 bytes per line, so its memory
-- grew with the file. Without the index DuckDB writes a large insert's row groups straight to the
-- file. Uniqueness is kept by the import (it inserts only lines whose key is not in the ledger, and
-- refuses a file that repeats a key) under a per-project claim (below), and `monitor check` reports
-- any duplicate source line all the same. DuckDB cannot drop a constraint, so the table is rebuilt.

create table ledger_entry_rebuilt (
    entry_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    posting_date date not null,
    year integer not null,
    period integer not null,
    account varchar not null,
    account_name varchar,
    cost_category varchar,
    partner_id varchar not null,
    wp_code varchar,
    amount decimal(18, 2) not null,
    text varchar,
    voucher varchar,
    batch_id bigint,
    source_file varchar,
    source_line varchar not null
);

insert into ledger_entry_rebuilt select * from ledger_entry order by entry_id;
drop index ledger_project_date;
drop table ledger_entry;
alter table ledger_entry_rebuilt rename to ledger_entry;
create index ledger_project_date on ledger_entry (project_id, posting_date);

-- One row per transaction that writes or removes a project's ledger lines (import, replace, undo), with
-- the next generation number of the project, as its first statement. Two such transactions at once pick
-- the same number, so one of them fails on this key (at once, or when it commits) and writes nothing:
-- an import never decides "what is new" from a snapshot another import is changing. Insert-only, as
-- DuckDB 2.0 corrupted a large insert under its memory cap when the same transaction had updated or
-- deleted rows first (measured; see BENCHMARKS.md and bench/duckdb_write_before_insert.py).
create table ledger_write (
    project_id varchar not null,
    generation bigint not null,
    action varchar not null,
    user_name varchar,
    written_at timestamp not null default current_timestamp,
    primary key (project_id, generation)
);
