-- Staged lines whose source key is already in the project's ledger with other content (date, period, account,
-- amount, text, voucher, partner or work package): the first $limit by row, each beside the ledger's line and
-- the batch holding it; `conflicts` counts them all. The account name and cost category are not compared: they
-- come from master data and mapping, not from the line.
with pairs as (
    select
        s.row_no, s.source_line, e.batch_id, b.file_name,
        s.posting_date, e.posting_date as ledger_posting_date, s.year, e.year as ledger_year,
        s.period, e.period as ledger_period, s.account, e.account as ledger_account,
        s.amount, e.amount as ledger_amount, s.text, e.text as ledger_text, s.voucher, e.voucher as ledger_voucher,
        s.partner_id, e.partner_id as ledger_partner_id, s.wp_code, e.wp_code as ledger_wp_code
    from import_stage as s
    join ledger_entry as e on e.project_id = $project_id and e.source_line = s.source_line
    left join import_batch as b on b.batch_id = e.batch_id
    where s.posting_date is distinct from e.posting_date
        or s.year is distinct from e.year
        or s.period is distinct from e.period
        or s.account is distinct from e.account
        or s.amount is distinct from e.amount
        or s.text is distinct from e.text
        or s.voucher is distinct from e.voucher
        or s.partner_id is distinct from e.partner_id
        or s.wp_code is distinct from e.wp_code
)

select *, count(*) over () as conflicts
from pairs
order by row_no
limit $limit
