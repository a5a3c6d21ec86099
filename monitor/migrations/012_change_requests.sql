-- Change requests (issue 16): a re-plan of the cost plan, the period or the partners, asked of the funder
-- and decided by it. A budget or partners request carries a whole proposed cost plan (its lines); a period
-- request a new end date. Once approved, a request names the plan version its approval created.
-- Dates of submission and decision are the days they happened (the Council's letters carry dates, not times).

create table change_request (
    request_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    kind varchar not null check (kind in ('budget', 'period', 'partners')),
    title varchar not null,
    reason varchar,
    status varchar not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected')),
    based_on varchar,
    created_by varchar not null,
    created_at timestamp not null,
    submitted_at date,
    decided_at date,
    decided_by varchar,
    decision_note varchar,
    new_end_date date,
    plan_version varchar,
    version integer not null default 1
);

create table change_request_line (
    request_id bigint not null,
    project_id varchar not null,
    year integer not null,
    cost_category varchar not null,
    partner_id varchar not null,
    wp_code varchar,
    amount decimal(18, 2) not null
);

create index change_request_project on change_request (project_id, status);
create index change_request_line_request on change_request_line (request_id);
