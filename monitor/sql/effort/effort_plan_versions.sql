-- The effort plan versions of a project, the baseline first, then in the order they were saved, with their total
-- person-months (of the rows the scope sees: $partner_id binds a partner to its own people). A version with rows
-- but no row in effort_plan_version (the seed's baseline) is listed too, without who and when.
with totals as (
    select e.plan_version, sum(e.person_months) as total_pm, count(*) as row_count
    from effort_plan as e
    inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
    where e.project_id = $project_id
      and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
    group by e.plan_version
),

named as (
    select plan_version, note, created_at, created_by, based_on, is_current
    from effort_plan_version
    where project_id = $project_id
    union all
    select distinct
        e.plan_version, null::varchar, null::timestamp, null::varchar, null::varchar, false
    from effort_plan as e
    where e.project_id = $project_id
      and not exists (
          select 1 from effort_plan_version as v where v.project_id = e.project_id and v.plan_version = e.plan_version
      )
)

select
    n.plan_version, n.note, n.created_at, n.created_by, n.based_on, n.is_current,
    coalesce(t.total_pm, 0)::decimal(10, 2) as total_pm, coalesce(t.row_count, 0)::integer as row_count
from named as n
left join totals as t on t.plan_version = n.plan_version
order by n.plan_version <> 'baseline', n.created_at nulls first, length(n.plan_version), n.plan_version
