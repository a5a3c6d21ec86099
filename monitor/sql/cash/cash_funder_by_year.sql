-- The grant per year: every partner's `funder` rows of one plan version (the funder's expected schedule is
-- generated from these, monitor/cash/rules.py).
select year, sum(amount) as amount
from funding_plan
where project_id = $project_id and plan_version = $plan_version and funding_source = 'funder'
group by year
order by year
