-- The funder's payments to a project as registered (received or planned), oldest first.
select payment_id, payment_date, amount, payment_kind, payment_status, reference
from funder_payment
where project_id = $project_id
order by payment_date, payment_id
