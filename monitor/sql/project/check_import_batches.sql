-- Each import batch against the ledger lines that carry its number (the batch row records the lines and the
-- total it wrote, in the same transaction). An active batch must hold exactly those; an undone one none; a
-- line must belong to a recorded batch. Seeded lines have no batch (batch_id null) and are not compared.
with found as (
    select batch_id, count(*) as lines, sum(amount)::decimal(18, 2) as amount
    from ledger_entry
    where project_id = $project_id and batch_id is not null
    group by batch_id
)
select
    coalesce(b.batch_id, f.batch_id) as batch_id,
    b.file_name,
    b.rows_inserted,
    b.amount_total,
    b.batch_id is null as unrecorded,
    b.undone_at is not null as undone,
    coalesce(f.lines, 0) as lines_found,
    coalesce(f.amount, 0)::decimal(18, 2) as amount_found
from (select * from import_batch where project_id = $project_id) as b
full join found as f on f.batch_id = b.batch_id
where b.batch_id is null
   or (b.undone_at is null and (coalesce(f.lines, 0) <> b.rows_inserted or coalesce(f.amount, 0) <> b.amount_total))
   or (b.undone_at is not null and coalesce(f.lines, 0) > 0)
order by batch_id
