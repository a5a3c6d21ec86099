-- One batch of parsed lines (registered as import_stage_batch, every value as exact text) into the stage.
insert into import_stage
select
    cast(row_no as integer), source_line, cast(posting_date as date), cast(year as integer),
    cast(period as integer), account, account_name, cost_category, partner_id, wp_code,
    cast(amount as decimal(18, 2)), text, voucher
from import_stage_batch
