select batch_id, project_id, file_name, sha256, rows_inserted, amount_total, undone_at
from import_batch
where batch_id = $batch_id
