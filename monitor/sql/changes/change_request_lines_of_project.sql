-- Every line of every request of a project (for the export); $partner_id cuts it to one partner's lines.
select request_id, year, cost_category, partner_id, wp_code, sum(amount) as amount
from change_request_line
where project_id = $project_id
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
group by request_id, year, cost_category, partner_id, wp_code
order by request_id, year, cost_category, partner_id, wp_code
