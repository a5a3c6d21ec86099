-- The years whose project accounts report has been submitted (frozen) at least once.
select distinct cast(period as integer) as year
from report_snapshot
where project_id = $project_id and report_type = 'accounts'
order by year
