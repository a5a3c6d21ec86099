-- What a batch wrote, counted from the ledger itself (checked against the preview before committing).
select count(*) as lines, coalesce(sum(amount), 0)::decimal(18, 2) as amount
from ledger_entry
where batch_id = $batch_id
