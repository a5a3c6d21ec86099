-- Planned person-months of one plan version per partner and work package; $partner_id binds a partner to its own.
select p.partner_id, e.wp_code, sum(e.person_months) as person_months
from effort_plan as e
inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
where e.project_id = $project_id and e.plan_version = $plan_version
  and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
group by p.partner_id, e.wp_code
order by p.partner_id, e.wp_code
