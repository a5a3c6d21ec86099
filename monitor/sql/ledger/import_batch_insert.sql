insert into import_batch (project_id, file_name, sha256, format, rows_read, rows_rejected, imported_by)
values ($project_id, $file_name, $sha256, $format, $rows_read, $rows_rejected, $imported_by)
returning batch_id
