-- Effort plan versions (issue 17): the effort plan keeps versions the way the cost plan does (the baseline and
-- later re-plans, one of them current), but its OWN versions: a re-plan of people's time is not a re-plan of money,
-- and the two move at different times, so the effort plan is named baseline, v2, v3 ... on its own.
-- A version's rows are in effort_plan (column plan_version); this table says who saved which version when, with
-- what note, and which one is current. The seed's baseline needs no row here: a project whose effort plan has no
-- current row reads its baseline (monitor/sql/effort/effort_plan_current_version.sql).
create table effort_plan_version (
    project_id varchar not null,
    plan_version varchar not null,
    note varchar,
    created_at timestamp not null default current_timestamp,
    created_by varchar,
    based_on varchar,  -- the version it was edited from
    is_current boolean not null default false,
    primary key (project_id, plan_version)
);
