select s.wp_code, min(s.row_no) as first_row, count(*) as lines
from import_stage as s
left join work_package as w on w.project_id = $project_id and w.wp_code = s.wp_code
where s.wp_code is not null and w.wp_code is null
group by s.wp_code
order by s.wp_code
