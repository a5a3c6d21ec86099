insert into funding_plan (project_id, plan_version, year, funding_source, partner_id, amount)
values ($project_id, $plan_version, $year, $funding_source, $partner_id, $amount)
