select account, count(*) as lines, sum(amount) as amount
from ledger_entry
where project_id = $project_id
  and (try_cast(account as integer) is null or try_cast(account as integer) not between $first and $last)
group by account
order by account
