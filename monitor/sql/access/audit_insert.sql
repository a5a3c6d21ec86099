-- One statement per logged action: the changed fields, old and new values arrive as three lists of equal length.
insert into audit_log (project_id, user_name, action, table_name, row_key, field, old_value, new_value)
select
    $project_id, $user_name, $action, $table_name, $row_key,
    unnest($fields::varchar[]), unnest($old_values::varchar[]), unnest($new_values::varchar[])
