-- The approved hours of the given people (person_id = any $person_ids, in the projects $project_ids) per person,
-- project, sector (of the partner in that project) and year, from the one effort register (the view effort_hours,
-- migration 015: entered, timesheet and in-kind hours). priced_hours leaves out hours reported in kind (valued as a
-- contribution, not priced by the funder's rules). The lists are bound as constants so both engines can push them
-- into the view's two parts (on PostgreSQL an index lookup per person instead of the whole register).
select
    e.person_id, e.project_id, pa.sector, cast(extract(year from e.month) as integer) as year, sum(e.hours) as hours,
    sum(case when e.source = 'inkind' then 0 else e.hours end) as priced_hours
from effort_hours as e
inner join partner as pa on pa.project_id = e.project_id and pa.partner_id = e.partner_id
where e.status = 'approved'
  and e.person_id = any($person_ids::bigint[])
  and e.project_id = any($project_ids::varchar[])
  and ($year::integer is null or cast(extract(year from e.month) as integer) = $year::integer)
group by e.person_id, e.project_id, pa.sector, cast(extract(year from e.month) as integer)
order by e.person_id, year, e.project_id
