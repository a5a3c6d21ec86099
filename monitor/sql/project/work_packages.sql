select wp_code, title_en, title_nb, lead_person, lead_partner_id, start_date, end_date
from work_package
where project_id = $project_id
order by wp_code
