-- The effort register's rows (effort_hours: entered, timesheet and in-kind hours) of the given people: what a
-- timesheet import replaces (its own source's rows) or must not double (entered and in-kind hours).
select entry_id, person_id, wp_code, month, hours, status, source, version
from effort_hours
where project_id = $project_id
  and person_id = any($person_ids::bigint[])
  and ($partner_id::varchar is null or partner_id = $partner_id)
order by person_id, wp_code, month, entry_id
