-- Let the sending row go, if this run still holds it (a run that outlived RUN_STALE_AFTER may have lost it).
delete from mail_run
where holder = $holder
