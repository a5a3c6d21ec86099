insert into milestone (
    project_id, code, wp_code, title, baseline_due, due_date, achieved_date, comment
)
values (
    $project_id, $code, $wp_code, $title, $baseline_due, $due_date, $achieved_date, $comment
)
returning code
