-- One effort plan version: person-months per person, work package and year, with the person's name and partner;
-- $partner_id binds a partner to its own people.
select
    e.person_id, p.name as person_name, p.partner_id, p.is_role, p.category as person_category, e.wp_code, e.year,
    e.person_months
from effort_plan as e
inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
where e.project_id = $project_id and e.plan_version = $plan_version
  and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
order by p.partner_id, p.name, e.person_id, e.wp_code, e.year
