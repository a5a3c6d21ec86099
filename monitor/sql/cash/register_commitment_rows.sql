-- Ordered, not yet invoiced costs, or one row when $key is given; a partner sees its own only.
select
    commitment_id, partner_id, cost_category, wp_code, ordered_date, expected_date, amount, supplier, reference,
    commitment_status, note, version
from commitment
where project_id = $project_id
  and ($key::bigint is null or commitment_id = $key)
  and ($partner_id::varchar is null or partner_id = $partner_id)
order by ordered_date, commitment_id
