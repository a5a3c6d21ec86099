-- Discard a draft (never a submitted or decided request: those are the project's history).
delete from change_request
where request_id = $request_id and version = $version and status = 'draft'
returning request_id
