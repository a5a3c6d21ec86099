-- In-kind reports awaiting a decision: how many, and since when. "Since" is the earliest day one of them
-- was reported: its insert in the audit log, or its work date for seeded rows that have no such entry.
-- Hours worked after the as-of date are not yet waiting on that date.
select count(*) as waiting, min(coalesce(cast(logged.reported_at as date), i.work_date)) as since
from inkind_contribution i
left join (
    select row_key, min(logged_at) as reported_at
    from audit_log
    where project_id = $project_id and table_name = 'inkind_contribution' and action = 'insert'
    group by row_key
) logged on logged.row_key = cast(i.contribution_id as varchar)
where i.project_id = $project_id
  and i.status = 'reported'
  and i.work_date <= $as_of
