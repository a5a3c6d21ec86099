-- Reopen a locked year: written only if the lock is still in force and has the version the admin read.
update year_lock
set reopened_by = $reopened_by, reopened_at = $reopened_at, reopen_reason = $reopen_reason, version = version + 1
where project_id = $project_id
    and lock_id = $lock_id
    and version = $version
    and reopened_at is null
returning version
