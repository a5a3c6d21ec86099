-- A project's deliverables for the calendar feed; $partner_id binds a partner user to those its organisation is
-- responsible for.
select code, title, responsible_partner_id, due_date, delivered_date
from deliverable
where project_id = $project_id
  and ($partner_id::varchar is null or responsible_partner_id = $partner_id::varchar)
order by due_date, code
