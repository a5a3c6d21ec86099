-- Source lines held more than once. Imports never write one (see migration 007); this guards the rest.
select source_line, count(*) as lines, sum(amount) as amount
from ledger_entry
where project_id = $project_id
group by source_line
having count(*) > 1
order by source_line
limit 20
