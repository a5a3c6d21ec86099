insert into effort_plan_version (project_id, plan_version, note, created_at, created_by, based_on, is_current)
values ($project_id, $plan_version, $note, $created_at, $created_by, $based_on, false)
