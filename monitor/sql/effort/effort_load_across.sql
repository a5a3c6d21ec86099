-- Each person of $project_id (their own partner's only when $partner_id is set) with their approved hours per year
-- in every project of the database, read through the one effort register (the view effort_hours, migration 015).
-- A person is one person across projects when partner and person_ref are the same; a person without a person_ref
-- counts in its own project only. One row per person, project, sector (of the partner in that project) and year;
-- priced_hours leaves out hours reported in kind (valued as a contribution, not priced by the funder's rules).
-- The caller sums the other projects' rows and never shows them one by one.
with mine as (
    select p.person_id, p.partner_id, p.person_ref
    from person as p
    where p.project_id = $project_id
      and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
),

counted as (
    select m.person_id, e.project_id, e.partner_id, e.month, e.hours, e.source
    from mine as m
    inner join effort_hours as e on e.partner_id = m.partner_id and e.person_ref = m.person_ref
    where m.person_ref is not null and e.status = 'approved'
    union all
    select m.person_id, e.project_id, e.partner_id, e.month, e.hours, e.source
    from mine as m
    inner join effort_hours as e on e.project_id = $project_id and e.person_id = m.person_id
    where m.person_ref is null and e.status = 'approved'
)

select
    c.person_id, c.project_id, pa.sector, cast(extract(year from c.month) as integer) as year, sum(c.hours) as hours,
    sum(case when c.source = 'inkind' then 0 else c.hours end) as priced_hours
from counted as c
inner join partner as pa on pa.project_id = c.project_id and pa.partner_id = c.partner_id
where $year::integer is null or cast(extract(year from c.month) as integer) = $year::integer
group by c.person_id, c.project_id, pa.sector, cast(extract(year from c.month) as integer)
order by c.person_id, year, c.project_id
