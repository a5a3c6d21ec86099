-- A month's hours awaiting the leader's decision on the Effort page (entered or from a timesheet; in-kind reports
-- are counted by actions_inkind_waiting): how many rows, and the earliest month. Months after the as-of date's
-- month are not yet waiting on that date.
select count(*) as waiting, min(month) as since
from effort_actual
where project_id = $project_id and status = 'reported' and month <= $as_of
