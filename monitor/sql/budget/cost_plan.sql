-- The cost plan of one plan version, at its own grain; $partner_id (a partner user's scope) cuts it to one partner.
select year, cost_category, partner_id, wp_code, sum(amount) as amount
from cost_plan
where project_id = $project_id and plan_version = $plan_version
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
group by year, cost_category, partner_id, wp_code
order by year, cost_category, partner_id, wp_code
