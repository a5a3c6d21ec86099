-- Ordered but not yet invoiced as of a date: status open and ordered on or before $as_of. Each counts in the year
-- its invoice is expected, else the year it was ordered. $partner_id (a partner user's scope) cuts it to one partner.
select
    commitment_id, partner_id, cost_category, wp_code, ordered_date, expected_date,
    cast(extract(year from coalesce(expected_date, ordered_date)) as integer) as year,
    amount, supplier, reference
from commitment
where project_id = $project_id
    and commitment_status = 'open'
    and ordered_date <= $as_of
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
order by year, cost_category, ordered_date, commitment_id
