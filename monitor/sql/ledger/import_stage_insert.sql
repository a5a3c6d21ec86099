-- One batch of parsed lines into the stage: import_stage_batch is an Arrow table of the stage's types registered on
-- the DuckDB connection (db.registered); on PostgreSQL a temp table of that name filled by COPY serves the same text.
insert into import_stage (
    row_no, source_line, posting_date, year, period, account, account_name, cost_category, partner_id, wp_code,
    amount, text, voucher
)
select
    row_no, source_line, posting_date, year, period, account, account_name, cost_category, partner_id, wp_code,
    amount, text, voucher
from import_stage_batch
