-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Two deliverables per work package, due at 40 % and 90 % of the period.
insert into deliverable (project_id, code, wp_code, title, type, responsible_partner_id, baseline_due, due_date,
                         status, delivered_date)
with items as (
    select
        w.project_id, w.wp_code, k,
        (w.start_date + to_days(((w.end_date - w.start_date) * (case k when 1 then 0.4 else 0.9 end))::integer))::date as due
    from work_package as w, range(1, 3) as t(k)
    where w.project_id like 'gen%'
)

select
    project_id, 'D' || substr(wp_code, 3) || '.' || k, wp_code, 'Deliverable ' || k || ' of ' || wp_code, 'report',
    project_id || '_p1', due, due,
    case when due + to_days(20) <= $until then 'submitted' else 'pending' end,
    case when due + to_days(20) <= $until then (due + to_days(20))::date end
from items
