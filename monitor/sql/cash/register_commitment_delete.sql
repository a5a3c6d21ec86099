delete from commitment
where project_id = $project_id
  and commitment_id = $key
  and version = $version
returning commitment_id
