-- Hours waiting for the leader's decision, of both kinds of the one effort register (migration 015): a month's
-- hours (entered or from a timesheet) and partners' in-kind reports. $partner_id binds a partner to its own.
select
    e.source, e.entry_id, e.partner_id, e.person_id, e.person_name, e.wp_code, e.month, e.work_date, e.hours,
    e.activity, e.reported_by, e.version
from effort_hours as e
where e.project_id = $project_id and e.status = 'reported'
  and ($partner_id::varchar is null or e.partner_id = $partner_id::varchar)
order by e.month, e.partner_id, e.person_name, e.wp_code, e.source, e.entry_id
