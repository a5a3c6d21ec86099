-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Baseline cost plan: per year of the period, personnel for each partner on its work package
-- (partner k works in WP ((k - 1) % 4) + 1), other operating costs and first-year equipment for the owner.
insert into cost_plan (project_id, plan_version, year, cost_category, partner_id, wp_code, amount)
with years as (
    select p.project_id, y as year, y = year(p.start_date) as is_first
    from project as p, range(year(p.start_date), year(p.end_date) + 1) as t(y)
    where p.project_id like 'gen%'
),

personnel as (
    select
        project_id, year, 'personnel_indirect' as cost_category, project_id || '_p' || k as partner_id,
        'WP' || ((k - 1) % 4 + 1) as wp_code,
        ((case when k = 1 then 1500 else 150 end + hash(project_id, year, k, $seed) % 400) * 1000)::decimal(18, 2) as amount
    from years, range(1, 7) as t(k)
),

operating as (
    select project_id, year, 'other_operating', project_id || '_p1', null,
           ((200 + hash(project_id, year, 'op', $seed) % 200) * 1000)::decimal(18, 2)
    from years
),

equipment as (
    select project_id, year, 'equipment', project_id || '_p1', null, 150000.00::decimal(18, 2)
    from years where is_first
)

select project_id, 'baseline', year, cost_category, partner_id, wp_code, amount from personnel
union all select project_id, 'baseline', * exclude (project_id) from operating
union all select project_id, 'baseline', * exclude (project_id) from equipment
