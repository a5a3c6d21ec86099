-- Optimistic locking: the row changes only if it still has the version the editor read.
update milestone
set
    wp_code = $wp_code, title = $title, baseline_due = $baseline_due, due_date = $due_date,
    achieved_date = $achieved_date, comment = $comment, version = version + 1
where project_id = $project_id
  and code = $key
  and version = $version
returning version
