-- Whether a project's current cost plan (the whole project, every partner) totals less than $threshold.
-- A yes/no only: a partner's overview may ask it without learning the project's budget.
select coalesce(sum(amount), 0)::decimal(18, 2) < $threshold as little_budget
from cost_plan
where project_id = $project_id
  and plan_version = (select coalesce(max(plan_version) filter (where is_current), 'baseline')
                      from plan_version where project_id = $project_id)
