-- Lock a year of a project (the caller checked it is not locked already, in the same transaction).
insert into year_lock (project_id, year, snapshot_id, locked_by, locked_at)
values ($project_id, $year, $snapshot_id::bigint, $locked_by, $locked_at)
returning lock_id
