update import_batch
set
    rows_inserted = (select count(*) from ledger_entry where batch_id = $batch_id),
    amount_total = (select coalesce(sum(amount), 0)::decimal(18, 2) from ledger_entry where batch_id = $batch_id)
where batch_id = $batch_id
