insert into funder_payment (project_id, payment_date, amount, payment_kind, payment_status, reference, note)
values ($project_id, $payment_date, $amount, $payment_kind, $payment_status, $reference, $note)
returning payment_id
