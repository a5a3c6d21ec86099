-- The people a timesheet line may name (by name or person_ref): a partner's import sees its own people only.
select person_id, partner_id, name as person_name, person_ref
from person
where project_id = $project_id
  and ($partner_id::varchar is null or partner_id = $partner_id)
order by partner_id, name, person_id
