delete from milestone
where project_id = $project_id
  and code = $key
  and version = $version
returning code
