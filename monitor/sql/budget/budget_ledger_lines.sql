-- The lines behind one figure of the budget pivot: ledger lines and approved in-kind contributions
-- up to the as-of date, with the same attribution as actual_cost.sql. A null filter means "any";
-- '' matches a line without a cost category or work package. $scope_partner_id (a partner user's scope)
-- cuts every line to that partner, whatever the figure asked for: another partner's figure has no lines.
with ledger as (
    select
        posting_date as line_date, account, account_name, text, voucher, source_file, amount,
        year, coalesce(cost_category, '') as cost_category, partner_id, coalesce(wp_code, '') as wp_code
    from ledger_entry
    where project_id = $project_id and posting_date <= $as_of
),

inkind as (
    select
        work_date as line_date, 'inkind' as account, person_role as account_name, activity as text,
        null as voucher, 'in-kind' as source_file, amount,
        cast(extract(year from work_date) as integer) as year, 'personnel_indirect' as cost_category, partner_id, coalesce(wp_code, '') as wp_code
    from inkind_contribution
    where project_id = $project_id and status = 'approved' and work_date <= $as_of
),

final as (
    select * from ledger
    union all
    select * from inkind
)

select line_date, account, account_name, text, voucher, source_file, amount, year, cost_category, partner_id, wp_code
from final
where ($year::integer is null or year = $year::integer)
    and ($cost_category::varchar is null or cost_category = $cost_category::varchar)
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
    and ($scope_partner_id::varchar is null or partner_id = $scope_partner_id::varchar)
    and ($wp_code::varchar is null or wp_code = $wp_code::varchar)
order by line_date, voucher, account, text, amount, account_name, source_file, cost_category, partner_id, wp_code
