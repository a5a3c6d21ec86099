-- engine: duckdb (range, hash, printf, to_days: the generator runs on DuckDB only)
-- Three milestones per work package, due at a quarter, half and the end of the period; achieved
-- (some late) when the due date is before $until.
insert into milestone (project_id, code, wp_code, title, baseline_due, due_date, achieved_date)
with items as (
    select
        w.project_id, w.wp_code, k,
        (w.start_date + to_days(((w.end_date - w.start_date) * k / 3)::integer))::date as due
    from work_package as w, range(1, 4) as t(k)
    where w.project_id like 'gen%'
)

select
    project_id, 'M' || substr(wp_code, 3) || '.' || k, wp_code, 'Milestone ' || k || ' of ' || wp_code, due, due,
    case when due + to_days((hash(project_id, wp_code, k, $seed) % 60)::integer) <= $until
         then (due + to_days((hash(project_id, wp_code, k, $seed) % 60)::integer))::date end
from items
