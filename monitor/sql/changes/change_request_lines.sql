-- The proposed cost plan of a request, at the plan's grain; $partner_id (a partner user's scope) cuts it to
-- that partner's lines.
select year, cost_category, partner_id, wp_code, sum(amount) as amount
from change_request_line
where request_id = $request_id
    and ($partner_id::varchar is null or partner_id = $partner_id::varchar)
group by year, cost_category, partner_id, wp_code
order by year, cost_category, partner_id, wp_code
