-- Import batches against the audit log, which the import writes in the same transaction: a batch without its
-- 'import' entry, an 'import' entry without its batch, an undo or replace entry for a batch still active.
with logged as (
    select case when row_key similar to '[0-9]{1,18}' then cast(row_key as bigint) end as batch_id,
           bool_or(action = 'import') as imported,
           bool_or(action in ('undo_import', 'replace')) as removed
    from audit_log
    where table_name = 'import_batch' and project_id = $project_id
    group by case when row_key similar to '[0-9]{1,18}' then cast(row_key as bigint) end
)
select
    coalesce(b.batch_id, l.batch_id) as batch_id,
    b.file_name,
    case
        when b.batch_id is null then 'audit_without_batch'
        when not coalesce(l.imported, false) then 'batch_without_audit'
        else 'audit_undo_not_marked'
    end as problem
from (select * from import_batch where project_id = $project_id) as b
full join logged as l on l.batch_id = b.batch_id
where (b.batch_id is null and l.imported)
   or (b.batch_id is not null and not coalesce(l.imported, false))
   or (b.batch_id is not null and b.undone_at is null and coalesce(l.removed, false))
order by batch_id
