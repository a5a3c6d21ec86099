-- Planned (current plan version) and actual cost up to the as-of date (ledger + approved in-kind) per project and
-- calendar year, for the office's totals by year (monitor/portfolio/office.py): the rows of portfolio_amounts.sql
-- summed by year instead of by work package, so a project's years add up to its portfolio row. $partner_id (a
-- partner user) keeps only that partner's rows; $month_start is the first day of the as-of date's month.
with scoped as (
    select project_id
    from project
    where $all_projects or project_id = any($project_ids::varchar[])
),

versions as (
    select s.project_id, coalesce(max(v.plan_version) filter (where v.is_current), 'baseline') as plan_version
    from scoped as s
    left join plan_version as v using (project_id)
    group by s.project_id
),

planned as (
    select c.project_id, c.year, sum(c.amount) as planned
    from cost_plan as c
    inner join versions as v on c.project_id = v.project_id and c.plan_version = v.plan_version
    where $partner_id::varchar is null or c.partner_id = $partner_id
    group by c.project_id, c.year
),

-- The ledger as portfolio_amounts.sql reads it (every month that ends by the as-of date from the stored sums: the
-- years before the bound's year from ledger_year, that year's months from ledger_month; the rest of the as-of month
-- from the ledger only when the as-of date does not end its month), summed by year: at 3000 projects and 50 M lines
-- the monthly sums of every year took PostgreSQL seconds (issue 19).
ledger_years as (
    select y.project_id, y.year, sum(y.amount) as spent
    from ledger_year as y
    where y.year < cast(extract(year from $as_of::date + 1) as integer)
        and ($all_projects or y.project_id = any($project_ids::varchar[]))
        and ($partner_id::varchar is null or y.partner_id = $partner_id)
    group by y.project_id, y.year
),

ledger_months as (
    select m.project_id, cast(extract(year from m.month_start) as integer) as year, sum(m.amount) as spent
    from ledger_month as m
    where m.month_start >= make_date(cast(extract(year from $as_of::date + 1) as integer), 1, 1)
        and m.month_start < make_date(
            cast(extract(year from $as_of::date + 1) as integer), cast(extract(month from $as_of::date + 1) as integer), 1
        )
        and ($all_projects or m.project_id = any($project_ids::varchar[]))
        and ($partner_id::varchar is null or m.partner_id = $partner_id)
    group by m.project_id, cast(extract(year from m.month_start) as integer)
),

ledger_this_month as (
    select l.project_id, cast(extract(year from l.posting_date) as integer) as year, sum(l.amount) as spent
    from ledger_entry as l
    where extract(day from $as_of::date + 1) <> 1
        and l.posting_date >= $month_start::date and l.posting_date <= $as_of
        and ($all_projects or l.project_id = any($project_ids::varchar[]))
        and ($partner_id::varchar is null or l.partner_id = $partner_id)
    group by l.project_id, cast(extract(year from l.posting_date) as integer)
),

inkind as (
    select i.project_id, cast(extract(year from i.work_date) as integer) as year, sum(i.amount) as spent
    from inkind_contribution as i
    inner join scoped as s using (project_id)
    where i.status = 'approved' and i.work_date <= $as_of and ($partner_id::varchar is null or i.partner_id = $partner_id)
    group by i.project_id, cast(extract(year from i.work_date) as integer)
),

actual as (
    select project_id, year, sum(spent) as spent
    from (
        select * from ledger_years
        union all
        select * from ledger_months
        union all
        select * from ledger_this_month
        union all
        select * from inkind
    ) as spent_rows
    group by project_id, year
),

final as (
    select
        coalesce(p.project_id, a.project_id) as project_id,
        coalesce(p.year, a.year) as year,
        coalesce(p.planned, 0)::decimal(18, 2) as planned,
        coalesce(a.spent, 0)::decimal(18, 2) as spent
    from planned as p
    full outer join actual as a on p.project_id = a.project_id and p.year = a.year
)

select * from final
order by project_id, year
