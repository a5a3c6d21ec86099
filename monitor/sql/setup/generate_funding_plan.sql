-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Funding that balances the cost plan per partner and year: the owner 80 % from the funder and the
-- rest own financing; the other partners finance their share themselves.
insert into funding_plan (project_id, plan_version, year, funding_source, partner_id, amount)
with costs as (
    select project_id, year, partner_id, sum(amount) as total, partner_id like '%\_p1' escape '\' as is_owner
    from cost_plan
    where project_id like 'gen%'
    group by all
)

select project_id, 'baseline', year, 'funder', partner_id, round(total * 0.8, 0) from costs where is_owner
union all
select project_id, 'baseline', year, 'own', partner_id, total - (case when is_owner then round(total * 0.8, 0) else 0 end)
from costs
