-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- $persons people spread evenly over the generated projects, each of one of the project's six partners (partner 1 is
-- UH, priced by the flat rate; the others by the salary, some above the NOK 1 100 cap), each with a person_ref.
insert into person (project_id, partner_id, name, is_role, category, annual_salary, hourly_salary, person_ref)
with projects as (
    select row_number() over (order by project_id) - 1 as n, project_id
    from project
    where project_id like 'gen%'
),

numbered as (
    select i, (i * (select count(*) from projects) // $persons) as n, hash(i, $seed, 'person') as h
    from range(0, $persons) as t(i)
)

select
    p.project_id, p.project_id || '_p' || (1 + d.h % 6), 'Person ' || d.i, false,
    ['phd', 'postdoc', 'researcher', 'researcher', 'partner_staff', 'other'][1 + (d.h // 7 % 6)::integer],
    case when d.h % 6 > 0 then (500000 + d.h // 11 % 450000)::decimal(18, 2) end, null, 'gen-' || d.i
from numbered as d
inner join projects as p on p.n = d.n
order by d.i
