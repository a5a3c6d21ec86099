-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Twelve in-kind reports per generated project from partner 2, every fourth one still waiting for approval.
insert into inkind_contribution (project_id, partner_id, work_date, person_role, hours, hourly_rate, amount, activity,
                                 wp_code, status, reported_by, decided_by)
select
    p.project_id, p.project_id || '_p2',
    (p.start_date + to_days(((least(p.end_date, $until) - p.start_date) * k // 13)::integer))::date,
    'Adviser', 20 + k, 800.00, (20 + k) * 800.00, 'Workshop', 'WP2',
    case when k % 4 = 0 then 'reported' else 'approved' end, 'partner2', case when k % 4 <> 0 then 'leader' end
from project as p, range(1, 13) as t(k)
where p.project_id like 'gen%' and p.start_date < $until
