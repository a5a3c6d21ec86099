-- What the import would add, per year and cost category: every staged line when replacing,
-- else only the lines not in the ledger yet.
with new_lines as (
    select s.year, s.cost_category, s.amount
    from import_stage as s
    where $replace or not exists (
        select 1 from ledger_entry as e where e.project_id = $project_id and e.source_line = s.source_line
    )
),

final as (
    select year, cost_category, sum(amount) as amount, count(*) as lines
    from new_lines
    group by year, cost_category
)

select * from final
order by year, cost_category
