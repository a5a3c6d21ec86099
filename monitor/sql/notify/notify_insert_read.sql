-- The row of an item first marked read (see notify_mark_read), unless one exists.
insert into notification (user_name, item_key, project_id, rule, due, read_at)
select $user_name::varchar, $item_key::varchar, $project_id::varchar, $rule::varchar, $due::date, $read_at::timestamp
where not exists (
    select 1 from notification where user_name = $user_name::varchar and item_key = $item_key::varchar
)
