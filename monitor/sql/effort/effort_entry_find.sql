-- The month's row of one person and work package (one row per person × work package × month), if any.
select effort_id, hours, status, source, version
from effort_actual
where project_id = $project_id and person_id = $person_id and wp_code = $wp_code and month = $month
