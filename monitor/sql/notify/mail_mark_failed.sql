-- One item of a digest the SMTP server refused (or never reached): not sent, so the next run tries again;
-- when, how often and why are kept, so that no failure is lost silently.
insert into notification (user_name, item_key, project_id, rule, due, failed_at, attempts, last_error)
values ($user_name, $item_key, $project_id::varchar, $rule, $due::date, $at::timestamp, 1, $error)
on conflict (user_name, item_key) do update
set failed_at = excluded.failed_at, attempts = notification.attempts + 1, last_error = excluded.last_error
