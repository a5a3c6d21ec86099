-- Active batches that a --replace swaps out: the same file, or any line of this file.
select distinct b.batch_id
from import_batch as b
where b.project_id = $project_id and b.undone_at is null and (
    b.sha256 = $sha256
    or exists (
        select 1
        from ledger_entry as e
        join import_stage as s on s.source_line = e.source_line
        where e.project_id = $project_id and e.batch_id = b.batch_id
    )
)
order by b.batch_id
