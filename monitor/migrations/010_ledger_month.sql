-- The ledger summed per project, partner, work package, cost category and posting month (issue 15): the pages that
-- look across every project (the portfolio) read these sums for the months before the as-of date's month and the
-- ledger itself only for that month. PostgreSQL, with its row store, took 10-20x as long as DuckDB to sum millions
-- of ledger lines for every project at once. Kept current by every write of the ledger (import, replace, undo,
-- seed, generator) in the same transaction; `monitor check` compares it with the ledger.
create table ledger_month (
    project_id varchar not null,
    partner_id varchar not null,
    wp_code varchar,
    cost_category varchar,
    month_start date not null,
    amount decimal(18, 2) not null,
    lines integer not null
);

create index ledger_month_project on ledger_month (project_id, month_start);

insert into ledger_month (project_id, partner_id, wp_code, cost_category, month_start, amount, lines)
select
    project_id, partner_id, wp_code, cost_category,
    make_date(cast(extract(year from posting_date) as integer), cast(extract(month from posting_date) as integer), 1),
    sum(amount), count(*)
from ledger_entry
group by 1, 2, 3, 4, 5;
