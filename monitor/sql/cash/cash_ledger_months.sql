-- Ledger costs per calendar month up to the as-of date, the whole project's: an invoice's cost specification.
select
    cast(extract(year from posting_date) as integer) as year,
    cast(extract(month from posting_date) as integer) as month,
    sum(amount) as amount
from ledger_entry
where project_id = $project_id and posting_date <= $as_of
group by cast(extract(year from posting_date) as integer), cast(extract(month from posting_date) as integer)
order by year, month
