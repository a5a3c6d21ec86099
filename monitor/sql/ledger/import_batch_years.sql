-- The years of the ledger lines a set of batches holds (what an undo or a replace would remove).
select distinct year
from ledger_entry
where project_id = $project_id and batch_id = any($batch_ids::bigint[])
order by year
