-- Optimistic locking: the row changes only if it still has the version the editor read.
update result
set
    category = $category, title = $title, result_date = $result_date, wp_code = $wp_code,
    partner_ids = $partner_ids, authors = $authors, doi = $doi, cristin_id = $cristin_id,
    url = $url, open_access = $open_access, audience = $audience,
    attendance_migrants = $attendance_migrants, attendance_employers = $attendance_employers,
    attendance_support = $attendance_support, attendance_researchers = $attendance_researchers,
    attendance_others = $attendance_others, version = version + 1
where project_id = $project_id
  and result_id = $key
  and version = $version
returning version
