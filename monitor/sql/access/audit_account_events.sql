-- Account events (logins, logouts, ended sessions, denied access) of every project and of none:
-- they are logged without a project or with the project the user tried to open.
select audit_id, logged_at, project_id, user_name, action, table_name, row_key, field, old_value, new_value
from audit_log
where action = any($actions::varchar[])
  and ($user_name::varchar is null or user_name = $user_name)
  and ($since::timestamp is null or logged_at >= $since)
  and ($until::timestamp is null or logged_at < $until)
order by logged_at desc, audit_id desc
limit $max_rows
