-- The items already e-mailed to a user (monitor/notify/mail.py): a digest leaves them out, so a second run the
-- same day sends nothing new. A failed send has no sent_at and is tried again.
select item_key
from notification
where user_name = $user_name and sent_at is not null
