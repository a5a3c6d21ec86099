-- Who last changed a row, and when: the newest accepted change (refused attempts do not count).
select user_name, logged_at
from audit_log
where project_id = $project_id
  and table_name = $table_name
  and row_key = $row_key
  and action <> 'refused'
order by logged_at desc, audit_id desc
limit 1
