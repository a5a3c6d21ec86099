-- Actual cost up to the as-of date: ledger lines plus approved in-kind contributions,
-- summed in SQL to a month x category x partner x work package x account grain. $partner_id (a partner
-- user's scope) cuts it to one partner.
with ledger as (
    select 'ledger' as source, year, period as month, cost_category, partner_id, wp_code, account, amount
    from ledger_entry
    where project_id = $project_id and posting_date <= $as_of
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
),

inkind as (
    select
        'inkind' as source, cast(extract(year from work_date) as integer) as year,
        cast(extract(month from work_date) as integer) as month,
        'personnel_indirect' as cost_category, partner_id, wp_code, 'inkind' as account, amount
    from inkind_contribution
    where project_id = $project_id and status = 'approved' and work_date <= $as_of
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
),

final as (
    select * from ledger
    union all
    select * from inkind
)

select source, year, month, cost_category, partner_id, wp_code, account, sum(amount) as amount, count(*) as lines
from final
group by source, year, month, cost_category, partner_id, wp_code, account
order by source, year, month, cost_category, partner_id, wp_code, account
