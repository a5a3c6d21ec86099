-- Optimistic locking: the row changes only if it still has the version the editor read.
update risk
set
    title = $title, wp_code = $wp_code, probability = $probability, impact = $impact,
    owner = $owner, mitigation = $mitigation, state = $state, version = version + 1
where project_id = $project_id
  and risk_id = $key
  and version = $version
returning version
