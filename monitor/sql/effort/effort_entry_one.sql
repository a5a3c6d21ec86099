-- One row of effort_actual with the partner of its person (the leader's decision reads it before writing).
select e.effort_id, p.partner_id, e.month, e.hours, e.status, e.decided_by, e.decision_comment, e.version
from effort_actual as e
inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
where e.project_id = $project_id and e.effort_id = $key
