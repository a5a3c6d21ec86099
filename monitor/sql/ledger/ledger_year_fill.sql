-- A project's monthly ledger sums (ledger_month, just refreshed) summed per partner, work package and calendar year
-- (every project's when $project_id is null): see migration 022.
insert into ledger_year (project_id, partner_id, wp_code, year, amount)
select project_id, partner_id, wp_code, cast(extract(year from month_start) as integer) as year, sum(amount) as amount
from ledger_month
where $project_id::varchar is null or project_id = $project_id::varchar
group by project_id, partner_id, wp_code, year
