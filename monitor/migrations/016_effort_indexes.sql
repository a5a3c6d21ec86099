-- Effort at scale (issue 17, "Speed": 300 projects, 5 000 persons, 2 000 000 hours lines). One project's effort is
-- read by project (the Effort page's tables: effort_actual by project_id through the view effort_hours) and a
-- person's load across projects by who the person is (person by partner and person_ref, then their hours by
-- person_id). PostgreSQL reads the whole register without these (bench/effort.py: 1.1 s uncached, 0.1 s with them).
create index effort_actual_project on effort_actual (project_id, month);
create index effort_actual_person on effort_actual (person_id);
create index person_project on person (project_id, partner_id);
create index person_reference on person (partner_id, person_ref);
