-- Months whose stored sums (ledger_month) differ from the ledger summed now: written around by hand, or a write
-- that did not keep them current. Compared per partner, work package, category and month.
with fresh as (
    select
        partner_id, wp_code, cost_category,
        make_date(cast(extract(year from posting_date) as integer), cast(extract(month from posting_date) as integer), 1)
            as month_start,
        sum(amount) as amount,
        count(*) as lines
    from ledger_entry
    where project_id = $project_id
    group by partner_id, wp_code, cost_category, month_start
),

stored as (
    select partner_id, wp_code, cost_category, month_start, amount, lines
    from ledger_month
    where project_id = $project_id
)

select coalesce(f.month_start, s.month_start) as month_start, f.amount as ledger, s.amount as stored
from fresh as f
full outer join stored as s
    on f.partner_id = s.partner_id
    and f.wp_code is not distinct from s.wp_code
    and f.cost_category is not distinct from s.cost_category
    and f.month_start = s.month_start
where f.amount is distinct from s.amount or f.lines is distinct from s.lines
order by month_start
