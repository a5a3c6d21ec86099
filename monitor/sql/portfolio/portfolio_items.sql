-- Milestones and deliverables of every project in the scope, with the date each was done.
with scoped as (
    select project_id
    from project
    where $all_projects or project_id = any($project_ids::varchar[])
),

items as (
    select project_id, 'milestone' as kind, code, wp_code, title, due_date, achieved_date as done_date
    from milestone
    union all
    select project_id, 'deliverable', code, wp_code, title, due_date, delivered_date
    from deliverable
),

final as (
    select i.*
    from items as i
    inner join scoped as s using (project_id)
)

select * from final
order by project_id, due_date, code
