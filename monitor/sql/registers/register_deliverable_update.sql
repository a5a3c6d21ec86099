-- Optimistic locking: the row changes only if it still has the version the editor read.
update deliverable
set
    wp_code = $wp_code, title = $title, type = $type,
    responsible_partner_id = $responsible_partner_id, baseline_due = $baseline_due,
    due_date = $due_date, status = $status, delivered_date = $delivered_date,
    delay_justification = $delay_justification, link = $link, version = version + 1
where project_id = $project_id
  and code = $key
  and version = $version
returning version
