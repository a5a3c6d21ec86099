-- The newest change any process has committed: every write (import, undo, edit, decision, submission, sign-in)
-- is audited, so the highest audit id moves whenever the data may have. Several app servers on one PostgreSQL
-- database compare it on each run to know when their cached reads are stale.
select coalesce(max(audit_id), 0) as version
from audit_log
