insert into effort_actual (project_id, person_id, wp_code, month, hours, status, source)
values ($project_id, $person_id, $wp_code, $month, $hours, $effort_status, coalesce($effort_source::varchar, 'entered'))
returning effort_id
