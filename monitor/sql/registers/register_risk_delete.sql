delete from risk
where project_id = $project_id
  and risk_id = $key
  and version = $version
returning risk_id
