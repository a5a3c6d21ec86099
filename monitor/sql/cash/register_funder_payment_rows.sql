-- The funder's payments to a project (received, or planned as entered), or one row when $key is given.
select
    payment_id, payment_date, amount, payment_kind, payment_status, reference, note, version
from funder_payment
where project_id = $project_id
  and ($key::bigint is null or payment_id = $key)
order by payment_date, payment_id
