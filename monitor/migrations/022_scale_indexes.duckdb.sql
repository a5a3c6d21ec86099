-- Ten times the scale (issue 19): 3000 projects and 50 M ledger lines. The portfolio summed every project's monthly
-- ledger sums (ledger_month, migration 010) for the months before the as-of date: at that scale 9 M rows, about
-- three ledger lines a row, which took DuckDB a second and PostgreSQL several. The same sums per calendar year
-- (without the cost category, which the portfolio does not read) are 30 times fewer rows; the portfolio reads the
-- years before the as-of date's year from here and only that year's months from ledger_month. Kept current with
-- ledger_month by monitor/ledger/months.py, in the same transaction.
-- This file is for DuckDB; 022_scale_indexes.postgresql.sql is the same with one index more.
create table ledger_year (
    project_id varchar not null,
    partner_id varchar not null,
    wp_code varchar,
    year integer not null,
    amount decimal(18, 2) not null
);

create index ledger_year_project on ledger_year (project_id, year);

insert into ledger_year (project_id, partner_id, wp_code, year, amount)
select project_id, partner_id, wp_code, cast(extract(year from month_start) as integer), sum(amount)
from ledger_month
group by 1, 2, 3, 4;
