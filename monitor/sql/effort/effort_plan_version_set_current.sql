-- Exactly one current effort plan version per project: the one named.
update effort_plan_version
set is_current = (plan_version = $plan_version)
where project_id = $project_id
