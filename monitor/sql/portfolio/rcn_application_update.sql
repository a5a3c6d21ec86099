-- A row the funder changed since the last import: its published fields replaced, the version counted up.
update rcn_application
set title = $title, phase = $phase, start_year = $start_year, end_year = $end_year, owner = $owner,
    institution = $institution::varchar, org_number = $org_number::varchar, sector = $sector::varchar,
    programme = $programme::varchar, programme_code = $programme_code::varchar,
    applied = $applied::decimal(18, 2), granted = $granted, phd_years = $phd_years,
    postdoc_years = $postdoc_years, applied_on = $applied_on::date, imported_at = $imported_at,
    imported_by = $imported_by, version = version + 1
where project_number = $project_number
