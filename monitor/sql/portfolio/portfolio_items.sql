-- Milestones and deliverables of every project in the scope not done by the as-of date (overdue, or still to
-- come), with the date each was done if later. Those done by then count for nothing on the portfolio's row, and
-- leaving them out halves the rows at 3000 projects (issue 19).
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
    where i.done_date is null or i.done_date > $as_of
)

select * from final
order by project_id, due_date, code
