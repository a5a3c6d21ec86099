-- A funded row of the funder's open data as a new project: declared figures only, no cost plan (real data).
insert into project (
    project_id, acronym, name_en, name_nb, funder, funder_nb, programme, funder_ref, start_date, end_date,
    owner_partner_id, declared_total, declared_funder, is_sample_data
)
values (
    $project_id, $acronym, $name_en, $name_nb, $funder, $funder_nb, $programme::varchar, $funder_ref, $start_date,
    $end_date, $owner_partner_id, $declared_total, $declared_funder, false
)
