-- A project's ledger summed per partner, work package, cost category and posting month (every project's when
-- $project_id is null): see migration 010.
insert into ledger_month (project_id, partner_id, wp_code, cost_category, month_start, amount, lines)
select
    project_id, partner_id, wp_code, cost_category,
    make_date(cast(extract(year from posting_date) as integer), cast(extract(month from posting_date) as integer), 1)
        as month_start,
    sum(amount) as amount,
    count(*) as lines
from ledger_entry
where $project_id::varchar is null or project_id = $project_id::varchar
group by project_id, partner_id, wp_code, cost_category, month_start
