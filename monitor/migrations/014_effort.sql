-- Effort (issue 17): the people of a project (a person, or a role planned before anyone is hired), their planned
-- person-months per work package and year, and the hours they actually worked per work package and month. The
-- hours are priced by the funder's rules (monitor/effort/rules.py) when read, never stored as money.
create table person (
    person_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    partner_id varchar not null,
    name varchar not null,  -- a person's name, or a role not yet hired ("PhD candidate (to be hired)")
    is_role boolean not null default false,
    category varchar not null,  -- phd, postdoc, researcher, partner_staff, other (monitor/codes.py)
    annual_salary decimal(18, 2),  -- agreed annual salary: prices a company's or the public sector's hours
    hourly_salary decimal(18, 2),  -- actual salary cost per hour: prices a foreign partner's hours
    version integer not null default 1
);

-- Planned effort: person-months per person, work package and year, in a plan version like the cost plan's.
create table effort_plan (
    project_id varchar not null,
    plan_version varchar not null default 'baseline',
    person_id bigint not null,
    wp_code varchar not null,
    year integer not null,
    person_months decimal(10, 2) not null,
    primary key (project_id, plan_version, person_id, wp_code, year)
);

-- Actual effort: hours per person, work package and month (the month's first day), entered or imported from a
-- timesheet; only approved hours are priced.
create table effort_actual (
    effort_id bigint primary key default nextval('row_id_seq'),
    project_id varchar not null,
    person_id bigint not null,
    wp_code varchar not null,
    month date not null,
    hours decimal(10, 2) not null,
    status varchar not null default 'reported',  -- reported, approved, rejected
    source varchar not null default 'entered',  -- entered, timesheet
    version integer not null default 1
);
