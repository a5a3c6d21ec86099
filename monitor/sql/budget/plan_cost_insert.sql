insert into cost_plan (project_id, plan_version, year, cost_category, partner_id, wp_code, amount)
values ($project_id, $plan_version, $year, $cost_category, $partner_id, $wp_code, $amount)
