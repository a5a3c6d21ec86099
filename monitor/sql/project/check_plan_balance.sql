-- Years where the cost plan and the funding plan of a plan version do not have equal totals.
with costs as (
    select plan_version, year, sum(amount) as cost_total
    from cost_plan where project_id = $project_id group by plan_version, year
),

funding as (
    select plan_version, year, sum(amount) as funding_total
    from funding_plan where project_id = $project_id group by plan_version, year
),

final as (
    select
        coalesce(c.plan_version, f.plan_version) as plan_version, coalesce(c.year, f.year) as year,
        coalesce(c.cost_total, 0)::decimal(18, 2) as cost_total,
        coalesce(f.funding_total, 0)::decimal(18, 2) as funding_total
    from costs as c
    full outer join funding as f on c.plan_version = f.plan_version and c.year = f.year
)

select * from final
where cost_total <> funding_total
order by plan_version, year
