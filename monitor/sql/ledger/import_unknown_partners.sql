select coalesce(s.partner_id, '') as partner_id, min(s.row_no) as first_row, count(*) as lines
from import_stage as s
left join partner as p on p.project_id = $project_id and p.partner_id = s.partner_id
where p.partner_id is null
group by coalesce(s.partner_id, '')
order by partner_id
