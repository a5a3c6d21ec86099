-- A month reported again (a correction, or after a rejection): the new hours wait for a decision again.
-- Optimistic locking: written only if the row still has the version read.
update effort_actual
set hours = $hours, status = 'reported', source = 'entered', reported_by = $reported_by, decided_by = null,
    decision_comment = null, version = version + 1
where project_id = $project_id and effort_id = $key and version = $version
returning version
