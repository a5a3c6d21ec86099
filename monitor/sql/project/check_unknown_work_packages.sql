-- Work package codes used anywhere in the project that are not in its work_package table.
with used as (
    select 'cost_plan' as used_in, wp_code from cost_plan where project_id = $project_id
    union all select 'ledger_entry', wp_code from ledger_entry where project_id = $project_id
    union all select 'inkind_contribution', wp_code from inkind_contribution where project_id = $project_id
    union all select 'milestone', wp_code from milestone where project_id = $project_id
    union all select 'deliverable', wp_code from deliverable where project_id = $project_id
    union all select 'result', wp_code from result where project_id = $project_id
    union all select 'risk', wp_code from risk where project_id = $project_id
),

known as (
    select wp_code from work_package where project_id = $project_id
)

select used_in, wp_code, count(*) as uses
from used
where wp_code is not null and wp_code not in (select wp_code from known)
group by used_in, wp_code
order by used_in, wp_code
