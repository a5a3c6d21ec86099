insert into rcn_application (
    project_number, title, phase, start_year, end_year, owner, institution, org_number, sector, programme,
    programme_code, applied, granted, phd_years, postdoc_years, applied_on, imported_at, imported_by, version
)
values (
    $project_number, $title, $phase, $start_year, $end_year, $owner, $institution::varchar, $org_number::varchar,
    $sector::varchar, $programme::varchar, $programme_code::varchar, $applied::decimal(18, 2), $granted,
    $phd_years, $postdoc_years, $applied_on::date, $imported_at, $imported_by, 1
)
