-- Optimistic locking: the row changes only if it still has the version the editor read.
update person
set
    partner_id = $partner_id, name = $person_name, is_role = coalesce($is_role::boolean, false),
    category = $person_category, annual_salary = $annual_salary::decimal(18, 2),
    hourly_salary = $hourly_salary::decimal(18, 2),
    person_ref = nullif(trim($person_ref::varchar), ''), version = version + 1
where project_id = $project_id
  and person_id = $key
  and version = $version
returning version
