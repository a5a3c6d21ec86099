select code, wp_code, title, baseline_due, due_date, achieved_date, comment, version
from milestone
where project_id = $project_id
order by due_date, code
