-- A first explanation of a year, cost category and partner; the unique key refuses a second one.
insert into deviation_explanation (project_id, year, cost_category, partner_id, text, written_by, written_at)
values ($project_id, $year, $cost_category, $partner_id::varchar, $text, $written_by, $written_at)
returning explanation_id, version
