-- The last import of the same file (by its sha256) into the project, if any; by one user only when $user_name is
-- given (a partner is told of its own imports, not of the leader's).
select user_name, imported_at, file_name
from timesheet_import
where project_id = $project_id
  and sha256 = $sha256
  and ($user_name::varchar is null or user_name = $user_name)
order by generation desc
limit 1
