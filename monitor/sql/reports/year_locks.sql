-- Every lock of a project's years, the reopened ones too (the history), newest first; $year null = every year.
select lock_id, project_id, year, snapshot_id, locked_by, locked_at, reopened_by, reopened_at, reopen_reason, version
from year_lock
where project_id = $project_id
    and ($year::integer is null or year = $year)
order by locked_at desc, lock_id desc
