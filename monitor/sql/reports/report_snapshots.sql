-- The frozen reports of a project, newest first; $report_type / $period null = all.
select snapshot_id, report_type, period, as_of, submitted_at, submitted_by, tables_json, content_hash
from report_snapshot
where project_id = $project_id
    and ($report_type::varchar is null or report_type = $report_type)
    and ($period::varchar is null or period = $period)
order by submitted_at desc, snapshot_id desc
