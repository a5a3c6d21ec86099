-- Deliverables by responsible partner ($partner_id null = every partner).
select responsible_partner_id as partner_id, code, title, due_date, status, delivered_date
from deliverable
where project_id = $project_id
  and responsible_partner_id is not null
  and ($partner_id is null or responsible_partner_id = $partner_id)
order by partner_id, due_date, code
