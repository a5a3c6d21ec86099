-- The fields the open-data import owns, as the funder now publishes them; a date given as null keeps the stored
-- one (a known date inside the published year). Nothing users entered is in this list.
update project
set name_en = $name_en, name_nb = $name_nb, programme = $programme::varchar,
    start_date = coalesce($start_date::date, start_date), end_date = coalesce($end_date::date, end_date),
    declared_total = $declared_total, declared_funder = $declared_funder
where project_id = $project_id
