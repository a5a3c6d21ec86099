-- Whether a project has a cost plan at all (any version): one imported from the funder's open data has none yet.
select exists (select 1 from cost_plan where project_id = $project_id) as has_cost_plan
