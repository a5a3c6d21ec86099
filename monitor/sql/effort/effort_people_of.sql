-- The people of a project who may have hours reported: person_id, partner_id, name, category (a partner sees its own).
select person_id, partner_id, name, category
from person
where project_id = $project_id and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
order by partner_id, name, person_id
