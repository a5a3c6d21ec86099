insert into audit_log (project_id, user_name, action, table_name, row_key, field, old_value, new_value)
values ($project_id, $user_name, $action, 'import_batch', $row_key, $field, $old_value, $new_value)
