insert into effort_actual (project_id, person_id, wp_code, month, hours, status, source)
values ($project_id, $person_id, $wp_code, $month, $hours, $status, 'timesheet')
returning effort_id
