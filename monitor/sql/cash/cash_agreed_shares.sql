-- Each partner's agreed share of the grant per year (its `funder` rows of one plan version), the project
-- owner's own share left out: the owner passes the others' shares on. $partner_id binds a partner user to its own.
select f.partner_id, f.year, sum(f.amount) as amount
from funding_plan as f
inner join project as p on p.project_id = f.project_id
where f.project_id = $project_id and f.plan_version = $plan_version and f.funding_source = 'funder'
  and (p.owner_partner_id is null or f.partner_id <> p.owner_partner_id)
  and ($partner_id::varchar is null or f.partner_id = $partner_id::varchar)
group by f.partner_id, f.year
order by f.partner_id, f.year
