-- Money as it moves (issue 16): what the funder paid, what the project owner passed on to each partner, and
-- what is ordered but not yet invoiced. Three registers edited like the others (validated, audited, a row
-- version for optimistic locking). The funder's expected schedule is not stored: it follows from config and
-- the funding plan (monitor/cash/rules.py); only what was entered or imported is.
create table funder_payment (
    payment_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    payment_date date not null,
    amount decimal(18, 2) not null,
    payment_kind varchar not null,
    payment_status varchar not null,
    reference varchar,
    note varchar,
    version integer not null default 1
);

-- The project owner's transfer of a partner's share of the grant for one year (consortium agreement).
create table partner_transfer (
    transfer_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    partner_id varchar not null,
    grant_year integer not null,
    due_date date not null,
    paid_date date,
    amount decimal(18, 2) not null,
    reference varchar,
    note varchar,
    version integer not null default 1
);

-- Ordered but not yet invoiced: an open purchase order counts towards the forecast at completion until it
-- is invoiced (then the ledger holds it) or cancelled.
create table commitment (
    commitment_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    partner_id varchar not null,
    cost_category varchar not null,
    wp_code varchar,
    ordered_date date not null,
    expected_date date,
    amount decimal(18, 2) not null,
    supplier varchar,
    reference varchar,
    commitment_status varchar not null,
    note varchar,
    version integer not null default 1
);
