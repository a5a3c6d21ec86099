-- The people of a project whose load is read (monitor/effort/people.py): who they are across projects (partner and
-- person_ref), what prices their hours here (the sector of their partner in this project, their salaries).
-- $partner_id binds a partner to its own people.
select
    p.person_id, p.partner_id, pa.sector, p.name, p.category, p.person_ref, p.annual_salary, p.hourly_salary
from person as p
inner join partner as pa on pa.project_id = p.project_id and pa.partner_id = p.partner_id
where p.project_id = $project_id
  and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
order by p.partner_id, p.name, p.person_id
