-- A step of the lifecycle (draft -> submitted -> approved | rejected), taken only from the status the request
-- had at the version the user read.
update change_request
set
    status = $status,
    submitted_at = coalesce($submitted_at::date, submitted_at),
    decided_at = $decided_at::date,
    decided_by = $decided_by::varchar,
    decision_note = $decision_note::varchar,
    plan_version = $plan_version::varchar,
    version = version + 1
where request_id = $request_id and version = $version and status = $from_status
returning version
