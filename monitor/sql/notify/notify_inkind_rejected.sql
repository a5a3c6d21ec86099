-- Rejected in-kind reports with the reason and the day of the rejection (the audit log's change of status; the
-- work date for seeded rows that have no such entry). $partner_id binds a partner user to its own rows.
select
    i.contribution_id, i.partner_id, i.work_date, i.hours, i.activity, i.decision_comment,
    coalesce(cast(decided.decided_at as date), i.work_date) as decided_on
from inkind_contribution as i
left join (
    select row_key, max(logged_at) as decided_at
    from audit_log
    where project_id = $project_id and table_name = 'inkind_contribution' and action = 'update'
      and field = 'status' and new_value = 'rejected'
    group by row_key
) as decided on decided.row_key = cast(i.contribution_id as varchar)
where i.project_id = $project_id
  and i.status = 'rejected'
  and ($partner_id::varchar is null or i.partner_id = $partner_id::varchar)
order by decided_on, i.contribution_id
