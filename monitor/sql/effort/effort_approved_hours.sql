-- Approved hours per person, work package, year and source (entered, timesheet, inkind: the one effort register,
-- migration 015), with what prices them: the sector of the partner and the person's salaries (none for an in-kind
-- row whose person is not in the register). Hours of months after $as_of are left out; $partner_id binds a partner
-- to its own people.
select
    e.partner_id, pa.sector, e.person_id, p.annual_salary, p.hourly_salary, e.wp_code,
    cast(extract(year from e.month) as integer) as year, e.source, sum(e.hours) as hours
from effort_hours as e
inner join partner as pa on pa.project_id = e.project_id and pa.partner_id = e.partner_id
left join person as p on p.person_id = e.person_id and p.project_id = e.project_id
where e.project_id = $project_id and e.status = 'approved'
  and ($as_of::date is null or e.month <= $as_of::date)
  and ($partner_id::varchar is null or e.partner_id = $partner_id::varchar)
group by
    e.partner_id, pa.sector, e.person_id, p.annual_salary, p.hourly_salary, e.wp_code, extract(year from e.month),
    e.source
order by e.partner_id, e.person_id, e.wp_code, year, e.source
