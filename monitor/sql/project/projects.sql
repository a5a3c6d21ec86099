select project_id, acronym, name_en, name_nb, start_date, end_date, is_sample_data
from project
where $all_projects or project_id = any($project_ids::varchar[])
order by acronym
