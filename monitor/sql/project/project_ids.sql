select project_id
from project
order by project_id
