-- Optimistic locking: the decision is written only if the row still has the version the leader read and still
-- waits for a decision.
update effort_actual
set status = $status, decided_by = $decided_by, decision_comment = $decision_comment, version = version + 1
where project_id = $project_id and effort_id = $key and version = $version and status = 'reported'
returning version
