-- The locks in force (not reopened) of a project among $years (null = every year), by year.
select lock_id, project_id, year, snapshot_id, locked_by, locked_at, reopened_by, reopened_at, reopen_reason, version
from year_lock
where project_id = $project_id
    and reopened_at is null
    and ($years::integer[] is null or year = any($years::integer[]))
order by year, lock_id
