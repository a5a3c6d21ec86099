-- The plan versions of a project with their cost plan totals, oldest first; $partner_id (a partner user's
-- scope) totals that partner's rows only, like the rest of its budget page.
with totals as (
    select plan_version, sum(amount) as total
    from cost_plan
    where project_id = $project_id
        and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
    group by plan_version
)

select v.plan_version, v.label, v.created_at, v.created_by, v.is_current, coalesce(t.total, 0)::decimal(18, 2) as total
from plan_version as v
left join totals as t on t.plan_version = v.plan_version
where v.project_id = $project_id
order by v.plan_version <> 'baseline', v.created_at, v.plan_version
