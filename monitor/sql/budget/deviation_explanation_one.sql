-- The explanation of one year, cost category and partner (null: the whole project), if written.
select explanation_id, text, written_by, written_at, version
from deviation_explanation
where project_id = $project_id
    and year = $year
    and cost_category = $cost_category
    and coalesce(partner_id, '') = coalesce($partner_id::varchar, '')
