-- Per partner and year: the plan (cost plan, funding plan, own financing committed) against what was
-- delivered up to the as-of date (ledger costs, in-kind hours x rate). $partner_id null = every partner;
-- a partner user's reads always bind its own id here, so other partners' rows never leave the database.
with partners as (
    select partner_id, name, short_name, sector, role
    from partner
    where project_id = $project_id and ($partner_id::varchar is null or partner_id = $partner_id)
),

planned_cost as (
    select partner_id, year, sum(amount) as planned_cost
    from cost_plan
    where project_id = $project_id and plan_version = $plan_version
    group by partner_id, year
),

planned_funding as (
    select
        partner_id, year, sum(amount) as planned_funding,
        sum(amount) filter (where funding_source = 'own') as committed
    from funding_plan
    where project_id = $project_id and plan_version = $plan_version
    group by partner_id, year
),

ledger as (
    select partner_id, year, sum(amount) as ledger_cost
    from ledger_entry
    where project_id = $project_id and posting_date <= $as_of
    group by partner_id, year
),

inkind as (
    select
        partner_id, cast(extract(year from work_date) as integer) as year,
        sum(amount) filter (where status in ('reported', 'approved')) as inkind_reported,
        sum(amount) filter (where status = 'approved') as inkind_approved,
        sum(hours) filter (where status = 'approved') as hours_approved
    from inkind_contribution
    where project_id = $project_id and work_date <= $as_of
    group by partner_id, cast(extract(year from work_date) as integer)
),

years as (
    select partner_id, year from planned_cost
    union select partner_id, year from planned_funding
    union select partner_id, year from ledger
    union select partner_id, year from inkind
),

final as (
    select
        p.partner_id, p.name, p.short_name, p.sector, p.role, y.year,
        coalesce(c.planned_cost, 0)::decimal(18, 2) as planned_cost,
        coalesce(f.planned_funding, 0)::decimal(18, 2) as planned_funding,
        coalesce(f.committed, 0)::decimal(18, 2) as committed,
        coalesce(l.ledger_cost, 0)::decimal(18, 2) as ledger_cost,
        coalesce(i.inkind_reported, 0)::decimal(18, 2) as inkind_reported,
        coalesce(i.inkind_approved, 0)::decimal(18, 2) as inkind_approved,
        coalesce(i.hours_approved, 0)::decimal(18, 2) as hours_approved
    from partners as p
    inner join years as y on y.partner_id = p.partner_id
    left join planned_cost as c on c.partner_id = y.partner_id and c.year = y.year
    left join planned_funding as f on f.partner_id = y.partner_id and f.year = y.year
    left join ledger as l on l.partner_id = y.partner_id and l.year = y.year
    left join inkind as i on i.partner_id = y.partner_id and i.year = y.year
)

select * from final
order by partner_id, year
