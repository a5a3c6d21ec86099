-- The projects in a scope with their current plan version (as current_plan_version.sql, for all at once).
with scoped as (
    select project_id, acronym, name_en, name_nb, start_date, end_date, is_sample_data
    from project
    where $all_projects or project_id = any($project_ids::varchar[])
),

versions as (
    select project_id, max(plan_version) filter (where is_current) as plan_version
    from plan_version
    group by project_id
),

final as (
    select s.*, coalesce(v.plan_version, 'baseline') as plan_version
    from scoped as s
    left join versions as v using (project_id)
)

select * from final
order by acronym, project_id
