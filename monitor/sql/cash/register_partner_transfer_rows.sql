-- The project owner's transfers to partners, or one row when $key is given; a partner sees its own only.
select
    transfer_id, partner_id, grant_year, due_date, paid_date, amount, reference, note, version
from partner_transfer
where project_id = $project_id
  and ($key::bigint is null or transfer_id = $key)
  and ($partner_id::varchar is null or partner_id = $partner_id)
order by grant_year, due_date, partner_id, transfer_id
