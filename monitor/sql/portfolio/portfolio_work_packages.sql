select w.project_id, w.wp_code, w.start_date, w.end_date
from work_package as w
inner join project as p using (project_id)
where $all_projects or p.project_id = any($project_ids::varchar[])
order by w.project_id, w.wp_code
