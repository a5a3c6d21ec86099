-- A month's hours as reported on the Effort page: waiting for the leader's decision.
insert into effort_actual (project_id, person_id, wp_code, month, hours, status, source, reported_by)
values ($project_id, $person_id, $wp_code, $month, $hours, 'reported', 'entered', $reported_by)
returning effort_id
