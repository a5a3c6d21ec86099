delete from effort_actual
where project_id = $project_id
  and effort_id = $key
  and version = $version
returning effort_id
