-- The Research Council's open data (issue 19, monitor/portfolio/applications.py): every row of an imported
-- soknader2 file, funded or not, kept by its project number, so an office sees its success rate by year,
-- programme and sector. A funded row also becomes a project (project_id = the project number) once that write
-- path exists; the register keeps the funder's figures as published. Office-wide, like the audit log: no
-- project_id of its own.
create table rcn_application (
    project_number varchar primary key,
    title varchar not null,
    phase varchar not null,
    start_year integer not null,
    end_year integer not null,
    owner varchar not null,
    institution varchar,
    org_number varchar,
    sector varchar,
    programme varchar,
    programme_code varchar,
    applied decimal(18, 2),
    granted decimal(18, 2) not null,
    phd_years decimal(12, 4) not null,
    postdoc_years decimal(12, 4) not null,
    applied_on date,
    imported_at timestamp not null,
    imported_by varchar not null,
    version integer not null default 1
);
