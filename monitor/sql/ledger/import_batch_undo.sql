update import_batch set undone_at = current_timestamp
where project_id = $project_id and batch_id = $batch_id and undone_at is null
