-- Forget a project's monthly ledger sums (every project's when $project_id is null), before they are summed anew.
delete from ledger_month
where $project_id::varchar is null or project_id = $project_id::varchar
