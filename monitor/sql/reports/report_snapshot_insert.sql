-- Freeze a submitted report: its tables as canonical JSON and their sha256.
insert into report_snapshot (project_id, report_type, period, as_of, submitted_at, submitted_by, tables_json, content_hash)
values ($project_id, $report_type, $period, $as_of, $submitted_at, $submitted_by, $tables_json, $content_hash)
returning snapshot_id
