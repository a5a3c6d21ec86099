-- The first statement of a transaction that writes or removes the project's ledger lines: the next
-- generation as this transaction sees it. A concurrent writer picks the same one, and one of them fails.
insert into ledger_write (project_id, generation, action, user_name)
select $project_id::varchar, coalesce(max(generation), 0) + 1, $action::varchar, $user_name::varchar
from ledger_write
where project_id = $project_id
