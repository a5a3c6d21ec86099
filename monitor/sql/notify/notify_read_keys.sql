-- The items a user has read, by key, and when.
select item_key, read_at
from notification
where user_name = $user_name and read_at is not null
