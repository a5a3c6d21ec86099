select batch_id, file_name, imported_at
from import_batch
where project_id = $project_id and sha256 = $sha256 and undone_at is null
order by batch_id
