delete from result
where project_id = $project_id
  and result_id = $key
  and version = $version
returning result_id
