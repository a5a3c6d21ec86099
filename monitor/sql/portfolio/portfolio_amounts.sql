-- Planned (current plan version) and actual cost up to the as-of date (ledger + approved in-kind),
-- per project and work package (null: none) and per project and calendar year, for every project in the scope at
-- once. The same rows as cost_plan.sql and actual_cost.sql summed; $partner_id (a partner user) keeps only that
-- partner's; $month_start is the first day of the as-of date's month. The portfolio's rows take the sums by work
-- package, the office's totals by year the sums by year (monitor/portfolio/views.py, office.py): one read for both,
-- as reading the stored sums twice cost PostgreSQL 0.4 s at 3000 projects and 50 M lines (issue 19).
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
    select c.project_id, c.wp_code, c.year, c.amount as planned
    from cost_plan as c
    inner join versions as v on c.project_id = v.project_id and c.plan_version = v.plan_version
    where $partner_id::varchar is null or c.partner_id = $partner_id
),

-- Every month that ends by the as-of date from stored sums: the months before the as-of date's month, and that
-- month too when the as-of date is its last day. Those are the months before the first day of the month of the day
-- after the as-of date (the bound, worked out from the parameter alone). The years before the bound's year come from
-- the yearly sums (ledger_year, migration 022), that year's months from the monthly ones (ledger_month): at 3000
-- projects and 50 M lines the monthly sums of every year were 9 M rows, a second on DuckDB (issue 19). The rest of the
-- as-of month comes from the ledger, and when the as-of date ends its month there is none: again a test on the
-- parameter alone, so each engine drops that branch before it reads a row. The project filter is a condition, not a
-- join with `scoped`: joined, the sums cost a fifth more.
ledger_years as (
    select y.project_id, y.wp_code, y.year, sum(y.amount) as spent
    from ledger_year as y
    where y.year < cast(extract(year from $as_of::date + 1) as integer)
        and ($all_projects or y.project_id = any($project_ids::varchar[]))
        and ($partner_id::varchar is null or y.partner_id = $partner_id)
    group by y.project_id, y.wp_code, y.year
),

ledger_months as (
    -- every month here is in the bound's year
    select m.project_id, m.wp_code, cast(extract(year from $as_of::date + 1) as integer) as year, sum(m.amount) as spent
    from ledger_month as m
    where m.month_start >= make_date(cast(extract(year from $as_of::date + 1) as integer), 1, 1)
        and m.month_start < make_date(
            cast(extract(year from $as_of::date + 1) as integer), cast(extract(month from $as_of::date + 1) as integer), 1
        )
        and ($all_projects or m.project_id = any($project_ids::varchar[]))
        and ($partner_id::varchar is null or m.partner_id = $partner_id)
    group by m.project_id, m.wp_code
),

ledger_this_month as (
    -- the as-of date's month: its year is the as-of date's
    select l.project_id, l.wp_code, cast(extract(year from $as_of::date) as integer) as year, sum(l.amount) as spent
    from ledger_entry as l
    where extract(day from $as_of::date + 1) <> 1
        and l.posting_date >= $month_start::date and l.posting_date <= $as_of
        and ($all_projects or l.project_id = any($project_ids::varchar[]))
        and ($partner_id::varchar is null or l.partner_id = $partner_id)
    group by l.project_id, l.wp_code
),

inkind as (
    select i.project_id, i.wp_code, cast(extract(year from i.work_date) as integer) as year, sum(i.amount) as spent
    from inkind_contribution as i
    inner join scoped as s using (project_id)
    where i.status = 'approved' and i.work_date <= $as_of and ($partner_id::varchar is null or i.partner_id = $partner_id)
    group by i.project_id, i.wp_code, cast(extract(year from i.work_date) as integer)
),

-- Planned and spent side by side, each row in one column, so one grouping puts a work package's or a year's
-- together (a full outer join on a nullable work package could not hash its key: PostgreSQL compared 220 000 pairs).
amounts as (
    select project_id, wp_code, year, planned, cast(0 as decimal(18, 2)) as spent
    from planned
    union all
    select project_id, wp_code, year, cast(0 as decimal(18, 2)), spent
    from (
        select * from ledger_years
        union all
        select * from ledger_months
        union all
        select * from ledger_this_month
        union all
        select * from inkind
    ) as spent_rows
),

-- Two sums from the one read: per work package (`per` = 'work_package', year null) for the portfolio's rows, and per
-- calendar year (`per` = 'year', work package null) for the office's totals by year. No order: Python groups them.
final as (
    select
        project_id,
        case when grouping(year) = 1 then 'work_package' else 'year' end as per,
        wp_code,
        year,
        sum(planned)::decimal(18, 2) as planned,
        sum(spent)::decimal(18, 2) as spent
    from amounts
    group by grouping sets ((project_id, wp_code), (project_id, year))
)

select * from final
