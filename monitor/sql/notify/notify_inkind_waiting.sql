-- In-kind reports awaiting a decision, one row each, with the day it was reported: its insert in the audit log, or
-- its work date for seeded rows that have no such entry (as actions_inkind_waiting counts them). Hours worked
-- after the as-of date are not yet waiting on that date.
select
    i.contribution_id, i.partner_id, p.short_name as partner_name, i.work_date, i.hours,
    coalesce(cast(logged.reported_at as date), i.work_date) as since
from inkind_contribution as i
inner join partner as p on p.project_id = i.project_id and p.partner_id = i.partner_id
left join (
    select row_key, min(logged_at) as reported_at
    from audit_log
    where project_id = $project_id and table_name = 'inkind_contribution' and action = 'insert'
    group by row_key
) as logged on logged.row_key = cast(i.contribution_id as varchar)
where i.project_id = $project_id
  and i.status = 'reported'
  and i.work_date <= $as_of
order by since, i.contribution_id
