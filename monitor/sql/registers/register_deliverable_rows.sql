-- The deliverable register of a project, or one row of it when $key is given (a save reads its version here).
select
    code, wp_code, title, type, responsible_partner_id, baseline_due, due_date, status,
    delivered_date, delay_justification, link, version
from deliverable
where project_id = $project_id
  and ($key::varchar is null or code = $key)
order by code
