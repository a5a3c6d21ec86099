insert into deliverable (
    project_id, code, wp_code, title, type, responsible_partner_id, baseline_due, due_date, status,
    delivered_date, delay_justification, link
)
values (
    $project_id, $code, $wp_code, $title, $type, $responsible_partner_id, $baseline_due, $due_date,
    $status, $delivered_date, $delay_justification, $link
)
returning code
