-- A month's timesheet row replaced by the file's sum: only a timesheet row, and only at the version just read.
update effort_actual
set hours = $hours, status = $status, version = version + 1
where project_id = $project_id
  and effort_id = $effort_id
  and source = 'timesheet'
  and version = $version
returning version
