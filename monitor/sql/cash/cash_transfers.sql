-- The project owner's transfers to partners; $partner_id binds a partner user to its own.
select transfer_id, partner_id, grant_year, due_date, paid_date, amount, reference, note
from partner_transfer
where project_id = $project_id
  and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
order by grant_year, due_date, partner_id, transfer_id
