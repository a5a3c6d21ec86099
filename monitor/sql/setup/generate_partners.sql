-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Six partners per generated project; the first owns the project.
insert into partner (project_id, partner_id, name, short_name, sector, role)
select
    p.project_id, p.project_id || '_p' || k, 'Partner ' || k || ' of ' || p.project_id, 'P' || k,
    case when k = 1 then 'UH' when k % 2 = 0 then 'public' else 'private' end,
    case when k = 1 then 'project_owner' else 'partner' end
from project as p, range(1, 7) as t(k)
where p.project_id like 'gen%'
