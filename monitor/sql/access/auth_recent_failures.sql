-- Failed logins of a user name since its last successful login, within the lockout window.
-- The database's clock, which also stamps audit_log.logged_at, decides the window.
with last_success as (
    select coalesce(max(logged_at), timestamp '1970-01-01') as at
    from audit_log
    where user_name = $user_name and action = 'login_ok'
)

select count(*) as failures
from audit_log, last_success
where user_name = $user_name
  and action = 'login_failed'
  and logged_at > last_success.at
  and logged_at >= cast(current_timestamp as timestamp) - cast($lockout_minutes as integer) * interval '1 minute'
