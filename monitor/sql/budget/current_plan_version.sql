select coalesce(max(plan_version) filter (where is_current), 'baseline') as plan_version
from plan_version
where project_id = $project_id
