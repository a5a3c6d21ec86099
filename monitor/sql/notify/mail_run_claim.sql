-- Take the one sending run's row: when no run holds it, or when the run that holds it started before
-- $stale_before (killed, never let go). Returns the row when this run has it, nothing when another run holds it.
insert into mail_run (lock_id, holder, started_at)
values (1, $holder, $now::timestamp)
on conflict (lock_id) do update
set holder = excluded.holder, started_at = excluded.started_at
where mail_run.started_at < $stale_before::timestamp
returning holder
