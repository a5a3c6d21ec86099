-- A month's hours awaiting the leader's decision on the Effort page, one row per person, work package and month,
-- with the day they were entered (the audit log's insert; null for seeded rows). Months after the as-of date's
-- month are not yet waiting on that date.
select
    e.effort_id, e.person_id, pe.name as person_name, e.wp_code, e.month,
    cast(logged.reported_at as date) as reported_on
from effort_actual as e
left join person as pe on pe.person_id = e.person_id and pe.project_id = e.project_id
left join (
    select row_key, min(logged_at) as reported_at
    from audit_log
    where project_id = $project_id and table_name = 'effort_actual' and action = 'insert'
    group by row_key
) as logged on logged.row_key = cast(e.effort_id as varchar)
where e.project_id = $project_id and e.status = 'reported' and e.month <= $as_of
order by e.month, e.effort_id
