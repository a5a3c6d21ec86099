select count(*) as lines, min(s.posting_date) as first_date, max(s.posting_date) as last_date
from import_stage as s
join project as p on p.project_id = $project_id
where s.posting_date < p.start_date or s.posting_date > p.end_date
