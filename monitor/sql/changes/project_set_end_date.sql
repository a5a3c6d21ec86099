-- An approved period change: the project's end date.
update project
set end_date = $end_date
where project_id = $project_id
returning end_date
