-- Optimistic locking: the row changes only if it still has the version the editor read.
update effort_actual
set
    person_id = $person_id, wp_code = $wp_code, month = $month, hours = $hours, status = $effort_status,
    source = coalesce($effort_source::varchar, 'entered'), version = version + 1
where project_id = $project_id
  and effort_id = $key
  and version = $version
returning version
