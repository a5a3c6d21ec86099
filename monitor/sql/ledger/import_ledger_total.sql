select coalesce(sum(amount), 0) as amount, count(*) as lines from ledger_entry where project_id = $project_id
