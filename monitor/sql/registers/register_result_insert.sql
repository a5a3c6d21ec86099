insert into result (
    project_id, category, title, result_date, wp_code, partner_ids, authors, doi, cristin_id, url,
    open_access, audience, attendance_migrants, attendance_employers, attendance_support,
    attendance_researchers, attendance_others
)
values (
    $project_id, $category, $title, $result_date, $wp_code, $partner_ids, $authors, $doi,
    $cristin_id, $url, $open_access, $audience, $attendance_migrants, $attendance_employers,
    $attendance_support, $attendance_researchers, $attendance_others
)
returning result_id
