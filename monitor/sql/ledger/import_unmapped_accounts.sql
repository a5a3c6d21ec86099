select account, min(account_name) as account_name, count(*) as lines, sum(amount) as amount
from import_stage
where cost_category is null
group by account
order by account
