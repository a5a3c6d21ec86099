-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- $ledger_rows ledger lines spread evenly over the generated projects, posted between each project's
-- start and the earlier of its end and $until, stored in (project, date) order so DuckDB's min/max
-- row-group statistics let a one-project query skip the rest. About 2 % are credit notes.
-- The accounts map to cost categories as config.yaml's default mapping does. One call inserts the lines numbered
-- $first_line to $last_line - 1 (whole projects: generate.py calls it chunk by chunk, in project order, so a
-- sort of fifty million lines never has to fit in memory at once).
insert into ledger_entry (project_id, posting_date, year, period, account, account_name, cost_category, partner_id,
                          wp_code, amount, text, voucher, source_file, source_line)
with projects as (
    select
        row_number() over (order by project_id) - 1 as n, project_id, start_date,
        greatest(least(end_date, $until) - start_date, 1) as days, end_date - start_date as span,
        (select sum(amount) from cost_plan as c where c.project_id = p.project_id) as planned
    from project as p
    where project_id like 'gen%'
),

lines as (
    select i, (i * $projects // $ledger_rows) as n, hash(i, $seed) as h
    from range($first_line, $last_line) as t(i)
),

drawn as (
    select
        l.i, p.project_id, (p.start_date + to_days((l.h % p.days)::integer))::date as posting_date,
        [5000, 5000, 5000, 5400, 6540, 6790, 7140, 7140][1 + (l.h // 7 % 8)::integer] as account_no,
        1 + (l.h // 97 % 6)::integer as partner_no, 1 + (l.h // 89 % 5)::integer as wp_no,
        p.planned * 0.9 * p.days / p.span / ($ledger_rows / $projects) * (0.2 + (l.h // 13 % 1000) / 625.0) as size,
        l.h // 101 % 50 = 0 as is_credit
    from lines as l
    join projects as p on p.n = l.n
)

select
    project_id, posting_date, year(posting_date), month(posting_date), account_no::varchar,
    case account_no when 5000 then 'Lønn' when 5400 then 'Arbeidsgiveravgift' when 6540 then 'Inventar'
                    when 6790 then 'Annen fremmed tjeneste' else 'Reisekostnad' end,
    case when account_no between 5000 and 5999 then 'personnel_indirect'
         when account_no between 6500 and 6599 then 'equipment' else 'other_operating' end,
    project_id || '_p' || partner_no, case when wp_no <= 4 then 'WP' || wp_no end,
    (case when is_credit then -size / 2 else size end)::decimal(18, 2),
    case when is_credit then 'Kreditnota' else 'Kostnad' end || ' ' || i, 'G' || i, 'generated', 'gen:' || i
from drawn
order by project_id, posting_date
