-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- $effort_rows hours lines (effort_actual, from a timesheet) spread evenly over the generated people, each in a month
-- between its project's start and the earlier of its end and $until, 1-8 hours, one in twenty still reported (not
-- approved). Stored in (project, person, month) order, as a timesheet import of each project would leave them.
insert into effort_actual (project_id, person_id, wp_code, month, hours, status, source)
with people as (
    select
        row_number() over (order by pe.person_id) - 1 as n, pe.person_id, pe.project_id, pr.start_date,
        greatest(datediff('month', pr.start_date, least(pr.end_date, $until)), 1) as months
    from person as pe
    inner join project as pr on pr.project_id = pe.project_id
    where pe.project_id like 'gen%'
),

lines as (
    select i, (i * (select count(*) from people) // $effort_rows) as n, hash(i, $seed, 'effort') as h
    from range(0, $effort_rows) as t(i)
)

select
    p.project_id, p.person_id, 'WP' || (1 + l.h % 4), (p.start_date + to_months((l.h // 5 % p.months)::integer))::date,
    (1 + l.h // 17 % 8)::decimal(10, 2), case when l.h // 3 % 20 = 0 then 'reported' else 'approved' end, 'timesheet'
from lines as l
inner join people as p on p.n = l.n
order by p.project_id, p.person_id, 4
