-- Staged lines already in the ledger (by natural key), and the batches that hold them.
select e.batch_id, count(*) as lines, sum(e.amount) as amount
from import_stage as s
join ledger_entry as e on e.project_id = $project_id and e.source_line = s.source_line
group by e.batch_id
order by e.batch_id nulls first
