select year, funding_source, partner_id, sum(amount) as amount
from funding_plan
where project_id = $project_id and plan_version = $plan_version
group by all
order by all
