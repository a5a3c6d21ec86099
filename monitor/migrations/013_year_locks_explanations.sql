-- Locked years and explained deviations (issue 16, points 6 and 7).
--
-- A year of a project is locked when its accounts report is marked as submitted: the lock names the user, the
-- time and the report snapshot that locked it. An admin may reopen it with a reason; the row then keeps who
-- reopened it, when and why, and a later submission locks the year again with a new row, so the history stays.
-- A year is locked while it has a row without reopened_at.
create table year_lock (
    lock_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    year integer not null,
    snapshot_id bigint,
    locked_by varchar not null,
    locked_at timestamp not null,
    reopened_by varchar,
    reopened_at timestamp,
    reopen_reason varchar,
    version integer not null default 1
);

create index year_lock_project on year_lock (project_id, year);

-- Why a year's actual cost deviates from the plan, per cost category, for the whole project (partner_id null)
-- or one partner: free text in the language the leader writes it, versioned for optimistic locking. One
-- explanation per project, year, category and partner (the whole project counted as the partner '').
create table deviation_explanation (
    explanation_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    year integer not null,
    cost_category varchar not null,
    partner_id varchar,
    text varchar not null,
    written_by varchar not null,
    written_at timestamp not null,
    is_sample_data boolean not null default false,
    version integer not null default 1
);

create unique index deviation_explanation_key
    on deviation_explanation (project_id, year, cost_category, coalesce(partner_id, ''));
