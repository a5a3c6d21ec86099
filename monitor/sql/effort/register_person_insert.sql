insert into person (project_id, partner_id, name, is_role, category, annual_salary, hourly_salary, person_ref)
values (
    $project_id, $partner_id, $person_name, coalesce($is_role::boolean, false), $person_category,
    $annual_salary::decimal(18, 2), $hourly_salary::decimal(18, 2), nullif(trim($person_ref::varchar), '')
)
returning person_id
