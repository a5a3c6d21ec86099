-- A new plan version starts from the funding plan of the version it re-plans.
insert into funding_plan (project_id, plan_version, year, funding_source, partner_id, amount)
select project_id, $plan_version, year, funding_source, partner_id, amount
from funding_plan
where project_id = $project_id and plan_version = $from_version
