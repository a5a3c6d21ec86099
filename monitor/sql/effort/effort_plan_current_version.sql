-- The current effort plan version of a project: the one marked current, else the baseline (the seed's plan, or a
-- database from before migration 018, has no row in effort_plan_version).
select coalesce(max(plan_version) filter (where is_current), 'baseline') as plan_version
from effort_plan_version
where project_id = $project_id
