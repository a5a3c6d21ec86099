-- Which project a request belongs to (the scope is asked about that project before anything else is read).
select project_id
from change_request
where request_id = $request_id
