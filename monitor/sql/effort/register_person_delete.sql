delete from person
where project_id = $project_id
  and person_id = $key
  and version = $version
returning person_id
