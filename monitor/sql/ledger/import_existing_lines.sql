-- Staged lines already in the ledger (by natural key, with the same content), and the batches that hold them.
-- A key held with other content is a conflict (import_conflicts.sql), not "already imported".
select e.batch_id, count(*) as lines, sum(e.amount) as amount
from import_stage as s
join ledger_entry as e on e.project_id = $project_id and e.source_line = s.source_line
where s.posting_date is not distinct from e.posting_date
    and s.year is not distinct from e.year
    and s.period is not distinct from e.period
    and s.account is not distinct from e.account
    and s.amount is not distinct from e.amount
    and s.text is not distinct from e.text
    and s.voucher is not distinct from e.voucher
    and s.partner_id is not distinct from e.partner_id
    and s.wp_code is not distinct from e.wp_code
group by e.batch_id
order by e.batch_id nulls first
