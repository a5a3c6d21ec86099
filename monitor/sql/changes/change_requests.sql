-- A project's change requests, oldest first; $request_id (or null) picks one. Money is in the lines.
select
    request_id, project_id, kind, title, reason, status, based_on, created_by, created_at, submitted_at,
    decided_at, decided_by, decision_note, new_end_date, plan_version, version
from change_request
where project_id = $project_id
    and ($request_id::bigint is null or request_id = $request_id::bigint)
order by created_at, request_id
