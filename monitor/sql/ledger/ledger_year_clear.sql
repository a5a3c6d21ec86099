-- Forget a project's yearly ledger sums (every project's when $project_id is null), before they are summed anew.
delete from ledger_year
where $project_id::varchar is null or project_id = $project_id::varchar
