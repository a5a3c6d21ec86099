-- Optimistic locking: the row changes only if it still has the version the editor read.
update partner_transfer
set
    partner_id = $partner_id, grant_year = $grant_year, due_date = $due_date, paid_date = $paid_date,
    amount = $amount, reference = $reference, note = $note, version = version + 1
where project_id = $project_id
  and transfer_id = $key
  and version = $version
returning version
