-- Optimistic locking: the row changes only if it still has the version the editor read.
update funder_payment
set
    payment_date = $payment_date, amount = $amount, payment_kind = $payment_kind,
    payment_status = $payment_status, reference = $reference, note = $note, version = version + 1
where project_id = $project_id
  and payment_id = $key
  and version = $version
returning version
