-- The milestone register of a project, or one row of it when $key is given (a save reads its version here).
select
    code, wp_code, title, baseline_due, due_date, achieved_date, comment, version
from milestone
where project_id = $project_id
  and ($key::varchar is null or code = $key)
order by code
