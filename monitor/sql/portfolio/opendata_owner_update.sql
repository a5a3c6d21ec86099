-- The owner of an imported project as the funder now names it (its role stays what it is).
update partner
set name = $partner_name, short_name = $short_name, org_number = $org_number::varchar, sector = $sector
where project_id = $project_id and partner_id = $partner_id
