-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Four work packages per generated project, each over the whole period.
insert into work_package (project_id, wp_code, title_en, title_nb, lead_person, lead_partner_id, start_date, end_date)
select p.project_id, 'WP' || k, 'Work package ' || k, 'Arbeidspakke ' || k, 'Lead ' || k, p.project_id || '_p1',
       p.start_date, p.end_date
from project as p, range(1, 5) as t(k)
where p.project_id like 'gen%'
