-- Exactly one current version per project: the one named.
update plan_version
set is_current = (plan_version = $plan_version)
where project_id = $project_id
