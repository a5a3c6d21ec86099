-- The projects in a scope with their current plan version (as current_plan_version.sql, for all at once), what the
-- office's filters need (programme; the owner partner's name and sector) and what the plan rests on: whether the
-- current version has cost-plan rows the scope sees ($partner_id: a partner user's own, as cost_plan.sql) and the
-- declared grant (a project from the funder's open data has only that until a cost plan exists).
with scoped as (
    select
        project_id, acronym, name_en, name_nb, start_date, end_date, is_sample_data, programme, owner_partner_id,
        declared_total, declared_funder
    from project
    where $all_projects or project_id = any($project_ids::varchar[])
),

versions as (
    select project_id, max(plan_version) filter (where is_current) as plan_version
    from plan_version
    group by project_id
),

with_version as (
    select s.*, coalesce(v.plan_version, 'baseline') as plan_version
    from scoped as s
    left join versions as v using (project_id)
),

planned as (
    select distinct c.project_id, c.plan_version
    from cost_plan as c
    inner join scoped as s using (project_id)
    where $partner_id::varchar is null or c.partner_id = $partner_id::varchar
),

final as (
    select
        w.*,
        o.name as owner,
        o.sector as owner_sector,
        p.project_id is not null as has_cost_plan
    from with_version as w
    left join partner as o on w.project_id = o.project_id and w.owner_partner_id = o.partner_id
    left join planned as p on w.project_id = p.project_id and w.plan_version = p.plan_version
)

select * from final
order by acronym, project_id
