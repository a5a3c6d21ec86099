-- Every filter is optional: a null parameter matches all rows.
select audit_id, logged_at, project_id, user_name, action, table_name, row_key, field, old_value, new_value
from audit_log
where ($project_id::varchar is null or project_id = $project_id)
  and ($table_name::varchar is null or table_name = $table_name)
  and ($user_name::varchar is null or user_name = $user_name)
  and ($action::varchar is null or action = $action)
  and ($row_key::varchar is null or row_key = $row_key)
  and ($since::timestamp is null or logged_at >= $since)
  and ($until::timestamp is null or logged_at < $until)
order by logged_at desc, audit_id desc
limit $max_rows
