-- The result register of a project, or one row of it when $key is given (a save reads its version here).
select
    result_id, category, title, result_date, wp_code, partner_ids, authors, doi, cristin_id, url,
    open_access, audience, attendance_migrants, attendance_employers, attendance_support,
    attendance_researchers, attendance_others, version
from result
where project_id = $project_id
  and ($key::bigint is null or result_id = $key)
order by result_id
