-- The cost plan of one plan version, at its own grain.
select year, cost_category, partner_id, wp_code, sum(amount) as amount
from cost_plan
where project_id = $project_id and plan_version = $plan_version
group by all
order by all
