insert into inkind_contribution (
    project_id, partner_id, work_date, person_role, hours, hourly_rate, amount, activity, wp_code,
    status, reported_by
)
values (
    $project_id, $partner_id, $work_date, $person_role, $hours, $hourly_rate, $amount, $activity, $wp_code,
    'reported', $reported_by
)
returning contribution_id
