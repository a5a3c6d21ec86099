insert into change_request_line (request_id, project_id, year, cost_category, partner_id, wp_code, amount)
values ($request_id, $project_id, $year, $cost_category, $partner_id, $wp_code::varchar, $amount)
