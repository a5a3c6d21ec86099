-- Marks one item read for a user: the row is written on first mark (the e-mail may have written it first, with
-- its sent_at), and a row already read keeps its first read time.
update notification
set read_at = $read_at
where user_name = $user_name and item_key = $item_key and read_at is null
