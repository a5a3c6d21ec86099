-- The project owner of an imported project, as the funder names it.
insert into partner (project_id, partner_id, name, short_name, org_number, sector, role)
values ($project_id, $partner_id, $partner_name, $short_name, $org_number::varchar, $sector, $role)
