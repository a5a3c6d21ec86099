-- Partner ids used anywhere in the project that are not in its partner table.
with used as (
    select 'cost_plan' as used_in, partner_id from cost_plan where project_id = $project_id
    union all select 'funding_plan', partner_id from funding_plan where project_id = $project_id
    union all select 'ledger_entry', partner_id from ledger_entry where project_id = $project_id
    union all select 'inkind_contribution', partner_id from inkind_contribution where project_id = $project_id
    union all select 'deliverable', responsible_partner_id from deliverable where project_id = $project_id
    union all select 'work_package', lead_partner_id from work_package where project_id = $project_id
    union all select 'project', owner_partner_id from project where project_id = $project_id
),

known as (
    select partner_id from partner where project_id = $project_id
)

select used_in, partner_id, count(*) as uses
from used
where partner_id is not null and partner_id not in (select partner_id from known)
group by used_in, partner_id
order by used_in, partner_id
