-- A project's import batches, newest first, with the lines each still holds in the ledger.
select
    b.batch_id, b.file_name, b.format, b.sha256, b.rows_read, b.rows_inserted, b.rows_rejected,
    b.amount_total, b.imported_by, b.imported_at, b.undone_at
from import_batch as b
where b.project_id = $project_id
order by b.batch_id desc
