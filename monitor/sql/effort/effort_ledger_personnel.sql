-- The ledger's personnel and indirect cost per partner and year, in the months the partner has approved hours of
-- its own in the effort register (entered or from a timesheet; in-kind hours are not paid through the ledger):
-- what the cost the funder's rules allow for those hours is compared with. Up to $as_of; $partner_id binds a
-- partner to its own.
with months as (
    select distinct partner_id, month
    from effort_hours
    where project_id = $project_id and status = 'approved' and source <> 'inkind'
      and ($as_of::date is null or month <= $as_of::date)
      and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
)
select
    l.partner_id, cast(extract(year from l.posting_date) as integer) as year, sum(l.amount) as ledger_cost
from ledger_entry as l
inner join months as m
    on m.partner_id = l.partner_id
    and m.month = make_date(cast(extract(year from l.posting_date) as integer), cast(extract(month from l.posting_date) as integer), 1)
where l.project_id = $project_id and l.cost_category = 'personnel_indirect'
  and ($as_of::date is null or l.posting_date <= $as_of::date)
  and ($partner_id::varchar is null or l.partner_id = $partner_id::varchar)
group by l.partner_id, cast(extract(year from l.posting_date) as integer)
order by l.partner_id, year
