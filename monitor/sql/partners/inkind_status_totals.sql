-- Count, hours and amount per status: aggregate figures without names ($partner_id null = all partners).
select status, count(*) as contributions, sum(hours) as hours, sum(amount)::decimal(18, 2) as amount
from inkind_contribution
where project_id = $project_id and ($partner_id is null or partner_id = $partner_id)
group by status
order by status
