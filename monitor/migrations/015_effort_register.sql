-- Effort register (issue 17). Two additions:
-- 1. person.person_ref: who a person is across projects (an employee number or an e-mail address, as the partner
--    keeps it). People of different projects with the same partner and reference are one person, so a person's
--    load and the funder's caps (1 850 hours, one person-year a year) are counted over all of their projects.
-- 2. effort_hours: the one effort register. Hours come from two forms of reporting: hours per person, work package
--    and month (effort_actual: entered or imported from a timesheet) and partners' in-kind hours per day
--    (inkind_contribution, valued at the configured rate, approved by the leader as before). Both are read here, so
--    person-months, loads and caps count every hour once, whichever way it was reported. An in-kind row names its
--    person by text: it is matched to the partner's person of that name, and keeps its text when none is.
alter table person add column person_ref varchar;
-- Who reported a month's hours and who decided them (with the reason of a rejection), as in-kind reports keep it.
alter table effort_actual add column reported_by varchar;
alter table effort_actual add column decided_by varchar;
alter table effort_actual add column decision_comment varchar;

create view effort_hours as
select
    e.effort_id as entry_id, e.project_id, p.partner_id, e.person_id, p.name as person_name,
    p.category as person_category, p.person_ref, e.wp_code, e.month, e.hours, e.status, e.source, e.version,
    e.reported_by, e.decided_by, e.decision_comment, cast(null as date) as work_date, cast(null as varchar) as activity
from effort_actual as e
inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
union all
select
    i.contribution_id as entry_id, i.project_id, i.partner_id, p.person_id, coalesce(p.name, i.person_role) as person_name,
    coalesce(p.category, 'partner_staff') as person_category, p.person_ref, i.wp_code,
    cast(date_trunc('month', i.work_date) as date) as month, i.hours, i.status, 'inkind' as source, i.version,
    i.reported_by, i.decided_by, i.decision_comment, i.work_date, i.activity
from inkind_contribution as i
left join person as p on p.project_id = i.project_id and p.partner_id = i.partner_id and p.name = i.person_role;
