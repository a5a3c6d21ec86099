insert into change_request (
    project_id, kind, title, reason, status, based_on, created_by, created_at, new_end_date, version
)
values (
    $project_id, $kind, $title, $reason, 'draft', $based_on, $created_by, $created_at, $new_end_date::date, 1
)
returning request_id
