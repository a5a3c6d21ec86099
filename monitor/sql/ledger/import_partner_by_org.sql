-- The project's partner whose organisation number is the SAF-T file's company registration number.
select partner_id
from partner
where project_id = $project_id and replace(replace(org_number, ' ', ''), 'MVA', '') = $org_number
order by partner_id
