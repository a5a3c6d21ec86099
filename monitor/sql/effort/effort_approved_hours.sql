-- Approved hours per person, work package and year, with what prices them: the sector of the person's partner and
-- the person's salaries. Hours of months after $as_of are left out; $partner_id binds a partner to its own people.
select
    p.partner_id, pa.sector, p.person_id, p.annual_salary, p.hourly_salary, e.wp_code,
    cast(extract(year from e.month) as integer) as year, sum(e.hours) as hours
from effort_actual as e
inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
inner join partner as pa on pa.project_id = p.project_id and pa.partner_id = p.partner_id
where e.project_id = $project_id and e.status = 'approved'
  and ($as_of::date is null or e.month <= $as_of::date)
  and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
group by p.partner_id, pa.sector, p.person_id, p.annual_salary, p.hourly_salary, e.wp_code, extract(year from e.month)
order by p.partner_id, p.person_id, e.wp_code, year
