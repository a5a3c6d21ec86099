-- The people of a project (persons and roles to be hired), or one row when $key is given; a partner sees its own.
select
    person_id, partner_id, name as person_name, is_role, category as person_category, annual_salary, hourly_salary, person_ref, version
from person
where project_id = $project_id
  and ($key::bigint is null or person_id = $key)
  and ($partner_id::varchar is null or partner_id = $partner_id)
order by partner_id, name, person_id
