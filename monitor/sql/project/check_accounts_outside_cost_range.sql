select account, count(*) as lines, sum(amount) as amount
from ledger_entry
where project_id = $project_id
  and (trim(account) not similar to '[0-9]{1,9}' or cast(trim(account) as integer) not between $first and $last)
group by account
order by account
