insert into plan_version (project_id, plan_version, label, created_at, created_by, is_current)
values ($project_id, $plan_version, $label, $created_at, $created_by, false)
