insert into risk (
    project_id, title, wp_code, probability, impact, owner, mitigation, state
)
values (
    $project_id, $title, $wp_code, $probability, $impact, $owner, $mitigation, $state
)
returning risk_id
