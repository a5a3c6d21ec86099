-- Hours per person, work package and month, or one row when $key is given; a partner sees its own people's.
select
    e.effort_id, e.person_id, e.wp_code, e.month, e.hours, e.status as effort_status, e.source as effort_source,
    e.version
from effort_actual e
join person p on p.person_id = e.person_id and p.project_id = e.project_id
where e.project_id = $project_id
  and ($key::bigint is null or e.effort_id = $key)
  and ($partner_id::varchar is null or p.partner_id = $partner_id)
order by e.month, p.name, e.wp_code, e.effort_id
