select account, count(*) as lines, sum(amount) as amount
from ledger_entry
where project_id = $project_id and cost_category is null
group by account
order by account
