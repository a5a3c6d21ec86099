select *
from project
where project_id = $project_id
