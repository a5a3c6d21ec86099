select
    code, wp_code, title, type, responsible_partner_id, baseline_due, due_date, status,
    delivered_date, delay_justification, link, version
from deliverable
where project_id = $project_id
order by due_date, code
