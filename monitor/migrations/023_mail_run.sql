-- At most one `monitor remind` run sends at a time: a run holds this one row while it sends, so two runs started at
-- the same moment (cron overlapping a run by hand) cannot both read the same items as unsent and both send them. A
-- run killed while holding it leaves the row behind; a later run takes it over once it is older than
-- monitor.notify.mail.RUN_STALE_AFTER.
create table mail_run (
    lock_id integer primary key check (lock_id = 1),
    holder varchar not null,
    started_at timestamp not null
);
