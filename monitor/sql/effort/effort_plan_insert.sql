insert into effort_plan (project_id, plan_version, person_id, wp_code, year, person_months)
values ($project_id, $plan_version, $person_id, $wp_code, $year, $person_months)
