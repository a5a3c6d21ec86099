-- A project's deviation explanations; $partner_id (a partner user's scope) keeps the project-wide ones
-- (partner_id null) and that partner's own.
select
    explanation_id, year, cost_category, partner_id, text, written_by, written_at, is_sample_data, version
from deviation_explanation
where project_id = $project_id
    and ($partner_id::varchar is null or partner_id is null or partner_id = $partner_id)
order by year, cost_category, partner_id nulls first
