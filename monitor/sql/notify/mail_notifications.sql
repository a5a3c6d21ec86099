-- What the e-mail reminders recorded for a user, item by item (for `remind`'s tests and a look by hand).
select item_key, project_id, rule, due, sent_at, failed_at, attempts, last_error
from notification
where user_name = $user_name
order by item_key
