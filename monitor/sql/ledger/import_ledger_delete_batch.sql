delete from ledger_entry where project_id = $project_id and batch_id = $batch_id
