-- The whole data model of DESIGN.md. Every table carries project_id; money is DECIMAL(18,2) NOK.
-- No FOREIGN KEY constraints: DuckDB refuses updates of a referenced row, so references are
-- validated in code and by `monitor check`. Editable registers carry a row version for
-- optimistic locking (a save names the version it read).

create sequence if not exists row_id_seq;

create table project (
    project_id varchar primary key,
    name_en varchar not null,
    name_nb varchar not null,
    acronym varchar not null,
    funder varchar not null,
    programme varchar,
    funder_ref varchar,
    start_date date not null,
    end_date date not null,
    owner_partner_id varchar,
    leader varchar,
    declared_total decimal(18, 2),
    declared_funder decimal(18, 2),
    declared_own decimal(18, 2),
    popular_summary_en varchar,
    popular_summary_nb varchar,
    is_sample_data boolean not null default false,
    sample_data_note varchar
);

create table partner (
    project_id varchar not null,
    partner_id varchar not null,
    name varchar not null,
    short_name varchar not null,
    org_number varchar,
    sector varchar not null,
    role varchar not null,
    primary key (project_id, partner_id)
);

create table work_package (
    project_id varchar not null,
    wp_code varchar not null,
    title_en varchar not null,
    title_nb varchar not null,
    lead_person varchar,
    lead_partner_id varchar,
    start_date date not null,
    end_date date not null,
    primary key (project_id, wp_code)
);

create table cost_plan (
    project_id varchar not null,
    plan_version varchar not null default 'baseline',
    year integer not null,
    cost_category varchar not null,
    partner_id varchar not null,
    wp_code varchar,
    amount decimal(18, 2) not null
);

create table funding_plan (
    project_id varchar not null,
    plan_version varchar not null default 'baseline',
    year integer not null,
    funding_source varchar not null,
    partner_id varchar not null,
    amount decimal(18, 2) not null
);

create table plan_version (
    project_id varchar not null,
    plan_version varchar not null,
    label varchar not null,
    created_at timestamp not null default current_timestamp,
    created_by varchar,
    is_current boolean not null default false,
    primary key (project_id, plan_version)
);

create table import_batch (
    batch_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    format varchar not null,
    rows_read integer not null default 0,
    rows_inserted integer not null default 0,
    rows_rejected integer not null default 0,
    amount_total decimal(18, 2) not null default 0,
    imported_by varchar,
    imported_at timestamp not null default current_timestamp,
    undone_at timestamp
);

create table ledger_entry (
    entry_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    posting_date date not null,
    year integer not null,
    period integer not null,
    account varchar not null,
    account_name varchar,
    cost_category varchar,
    partner_id varchar not null,
    wp_code varchar,
    amount decimal(18, 2) not null,
    text varchar,
    voucher varchar,
    batch_id bigint,
    source_file varchar,
    source_line varchar not null,
    unique (project_id, source_line)
);

create table inkind_contribution (
    contribution_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    partner_id varchar not null,
    work_date date not null,
    person_role varchar not null,
    hours decimal(10, 2) not null,
    hourly_rate decimal(18, 2) not null,
    amount decimal(18, 2) not null,
    activity varchar,
    wp_code varchar,
    status varchar not null default 'reported',
    reported_by varchar,
    decided_by varchar,
    decision_comment varchar,
    version integer not null default 1
);

create table milestone (
    project_id varchar not null,
    code varchar not null,
    wp_code varchar,
    title varchar not null,
    baseline_due date not null,
    due_date date not null,
    achieved_date date,
    comment varchar,
    version integer not null default 1,
    primary key (project_id, code)
);

create table deliverable (
    project_id varchar not null,
    code varchar not null,
    wp_code varchar,
    title varchar not null,
    type varchar,
    responsible_partner_id varchar,
    baseline_due date not null,
    due_date date not null,
    status varchar not null default 'pending',
    delivered_date date,
    delay_justification varchar,
    link varchar,
    version integer not null default 1,
    primary key (project_id, code)
);

create table result (
    result_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    category varchar not null,
    title varchar not null,
    result_date date not null,
    wp_code varchar,
    partner_ids varchar,
    authors varchar,
    doi varchar,
    cristin_id varchar,
    url varchar,
    open_access boolean,
    audience varchar,
    attendance_migrants integer,
    attendance_employers integer,
    attendance_support integer,
    attendance_researchers integer,
    attendance_others integer,
    version integer not null default 1
);

create table indicator (
    project_id varchar not null,
    indicator_id varchar not null,
    name_en varchar not null,
    name_nb varchar not null,
    unit varchar not null,
    target decimal(18, 2),
    primary key (project_id, indicator_id)
);

create table indicator_value (
    project_id varchar not null,
    indicator_id varchar not null,
    value_date date not null,
    value decimal(18, 2) not null,
    primary key (project_id, indicator_id, value_date)
);

create table risk (
    risk_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    title varchar not null,
    wp_code varchar,
    probability integer not null,
    impact integer not null,
    owner varchar,
    mitigation varchar,
    state varchar not null default 'open',
    version integer not null default 1
);

create table report_snapshot (
    snapshot_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    report_type varchar not null,
    period varchar not null,
    as_of date not null,
    submitted_at timestamp not null default current_timestamp,
    submitted_by varchar,
    tables_json varchar not null,
    content_hash varchar not null
);

create table audit_log (
    audit_id bigint primary key default nextval('row_id_seq'),
    logged_at timestamp not null default current_timestamp,
    project_id varchar,
    user_name varchar not null,
    action varchar not null,
    table_name varchar,
    row_key varchar,
    field varchar,
    old_value varchar,
    new_value varchar
);

create index ledger_project_date on ledger_entry (project_id, posting_date);
