-- Dated rows that fall outside the project period (plan years outside its years).
with period as (
    select start_date, end_date from project where project_id = $project_id
),

dated as (
    select 'ledger_entry' as used_in, voucher as row_key, posting_date as row_date
    from ledger_entry where project_id = $project_id
    union all select 'inkind_contribution', cast(contribution_id as varchar), work_date
    from inkind_contribution where project_id = $project_id
    union all select 'milestone', code, due_date from milestone where project_id = $project_id
    union all select 'deliverable', code, due_date from deliverable where project_id = $project_id
    union all select 'work_package', wp_code, start_date from work_package where project_id = $project_id
    union all select 'work_package', wp_code, end_date from work_package where project_id = $project_id
),

plan_years as (
    select 'cost_plan' as used_in, cast(year as varchar) as row_key, make_date(year, 1, 1) as row_date
    from cost_plan where project_id = $project_id
    union all select 'funding_plan', cast(year as varchar), make_date(year, 1, 1)
    from funding_plan where project_id = $project_id
)

select distinct d.used_in, d.row_key, d.row_date
from dated as d, period as p
where d.row_date < p.start_date or d.row_date > p.end_date
union all
select distinct y.used_in, y.row_key, y.row_date
from plan_years as y, period as p
where extract(year from y.row_date) < extract(year from p.start_date)
   or extract(year from y.row_date) > extract(year from p.end_date)
order by 1, 3, 2
