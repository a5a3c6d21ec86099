-- The first statement of an import that writes: the project's next generation as this transaction sees it. A
-- concurrent import picks the same one, and one of them fails on the key (migration 017).
insert into timesheet_import (
    project_id, generation, file_name, sha256, user_name, imported_at, rows_added, rows_changed
)
select
    $project_id::varchar, coalesce(max(generation), 0) + 1, $file_name::varchar, $sha256::varchar,
    $user_name::varchar, $imported_at::timestamp, $rows_added::integer, $rows_changed::integer
from timesheet_import
where project_id = $project_id
