-- The lines of the file being imported, staged on this connection only (a temp table), so the
-- preview is computed in SQL and the commit is one insert ... select inside one transaction. A stage left
-- from an earlier import on this connection is dropped first.
drop table if exists import_stage;
create temp table import_stage (
    row_no integer not null,
    source_line varchar not null,
    posting_date date not null,
    year integer not null,
    period integer not null,
    account varchar not null,
    account_name varchar,
    cost_category varchar,
    partner_id varchar,
    wp_code varchar,
    amount decimal(18, 2) not null,
    text varchar,
    voucher varchar
)
