-- The project's open request (draft or submitted), if any: the Council handles one at a time.
select min(request_id) as request_id
from change_request
where project_id = $project_id and status in ('draft', 'submitted')
