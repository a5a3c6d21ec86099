-- One batch of parsed lines (registered as import_stage_batch, an Arrow table of the stage's types) into the stage.
insert into import_stage (
    row_no, source_line, posting_date, year, period, account, account_name, cost_category, partner_id, wp_code,
    amount, text, voucher
)
select
    row_no, source_line, posting_date, year, period, account, account_name, cost_category, partner_id, wp_code,
    amount, text, voucher
from import_stage_batch
