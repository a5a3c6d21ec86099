insert into plan_version (project_id, plan_version, label, created_by, is_current)
select project_id, 'baseline', 'Contract baseline', 'generate', true
from project
where project_id like 'gen%'
