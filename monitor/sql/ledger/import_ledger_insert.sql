-- Staged lines not yet in the ledger become ledger entries of the batch. The lines of batches this import
-- replaces ($replaced, removed after this insert in the same transaction) do not count as in the ledger.
insert into ledger_entry (
    project_id, posting_date, year, period, account, account_name, cost_category, partner_id, wp_code,
    amount, text, voucher, batch_id, source_file, source_line
)
select
    $project_id::varchar, s.posting_date, s.year, s.period, s.account, s.account_name, s.cost_category, s.partner_id,
    s.wp_code, s.amount, s.text, s.voucher, $batch_id, $source_file, s.source_line
from import_stage as s
where not exists (
    select 1 from ledger_entry as e
    where e.project_id = $project_id and e.source_line = s.source_line
        and not coalesce(e.batch_id = any($replaced::bigint[]), false)
)
order by s.row_no
