-- The funding plan of one plan version; $partner_id (a partner user's scope) cuts it to one partner.
select year, funding_source, partner_id, sum(amount) as amount
from funding_plan
where project_id = $project_id and plan_version = $plan_version
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
group by year, funding_source, partner_id
order by year, funding_source, partner_id
