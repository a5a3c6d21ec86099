-- The first statement of a transaction that writes or removes the project's ledger lines: a second
-- such transaction open at the same time conflicts on this row and fails before it writes anything.
update ledger_write_claim set claimed_by = $user_name, claimed_at = current_timestamp
where project_id = $project_id
