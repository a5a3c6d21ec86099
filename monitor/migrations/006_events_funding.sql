-- Events with attendance by actor group, and funding applications with their status (issue 8).
-- Long format for attendance: projects count different actor groups (Integration Day: employers,
-- NGOs, social entrepreneurs and SMEs, refugees, the municipal unit), which fixed columns cannot hold.

create table event_attendance (
    project_id varchar not null,
    event_id varchar not null,
    event_date date not null,
    title varchar not null,
    actor_group varchar not null,
    attendees integer not null,
    primary key (project_id, event_id, actor_group)
);

-- An application for money not (yet) in the plan: it enters the funding plan only by a re-plan
-- once granted, so the plan and `check` stay about money the project has.
create table funding_application (
    project_id varchar not null,
    application_id varchar not null,
    funder varchar not null,
    funding_source varchar not null,
    applicant_partner_id varchar,
    amount decimal(18, 2) not null,
    applied_date date not null,
    status varchar not null,
    decided_date date,
    note varchar,
    primary key (project_id, application_id)
);
