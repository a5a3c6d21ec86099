-- Actual cost per day and year up to the as-of date, counted as actual_cost.sql counts it (ledger lines by posting
-- date and booked year, approved in-kind by its work date): the day a spent share reached a threshold
-- (monitor/notify/rules.py). $partner_id binds a partner user to its own rows.
with final as (
    select posting_date as day, year, amount
    from ledger_entry
    where project_id = $project_id and posting_date <= $as_of
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)

    union all

    select work_date as day, cast(extract(year from work_date) as integer) as year, amount
    from inkind_contribution
    where project_id = $project_id and status = 'approved' and work_date <= $as_of
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
)

select day, year, sum(amount) as amount
from final
group by day, year
order by day, year
