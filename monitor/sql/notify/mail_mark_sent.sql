-- One item of a digest the SMTP server accepted: sent now. The row may exist already (read in the app, or a
-- failed send before): its failure stays as it was, as the item's history.
insert into notification (user_name, item_key, project_id, rule, due, sent_at, attempts)
values ($user_name, $item_key, $project_id::varchar, $rule, $due::date, $at::timestamp, 1)
on conflict (user_name, item_key) do update
set sent_at = excluded.sent_at, attempts = notification.attempts + 1
