insert into partner_transfer (project_id, partner_id, grant_year, due_date, paid_date, amount, reference, note)
values ($project_id, $partner_id, $grant_year, $due_date, $paid_date, $amount, $reference, $note)
returning transfer_id
