-- The whole project's planned cost and actual cost (ledger + approved in-kind) up to the as-of date:
-- two aggregate figures, the denominators of each partner's share, safe to show to every role.
with planned as (
    select coalesce(sum(amount), 0) as planned_cost
    from cost_plan
    where project_id = $project_id and plan_version = $plan_version
),

ledger as (
    select coalesce(sum(amount), 0) as amount
    from ledger_entry
    where project_id = $project_id and posting_date <= $as_of
),

inkind as (
    select coalesce(sum(amount), 0) as amount
    from inkind_contribution
    where project_id = $project_id and status = 'approved' and work_date <= $as_of
)

select
    planned.planned_cost::decimal(18, 2) as planned_cost,
    (ledger.amount + inkind.amount)::decimal(18, 2) as actual_cost
from planned, ledger, inkind
