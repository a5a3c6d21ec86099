select partner_id, name, short_name, org_number, sector, role
from partner
where project_id = $project_id
order by case role when 'project_owner' then 0 when 'partner' then 1 when 'rd_supplier' then 2 else 3 end, name
