-- The seed's replayed story (change requests drafted, submitted and decided through the app's own code) is history,
-- not a change anyone made to this database: its audit rows would carry the build's time, not the story's. The
-- seed writes no audit rows for anything else it loads either; only the seed user's rows of the project go.
delete from audit_log
where user_name = $user_name
  and project_id = $project_id
