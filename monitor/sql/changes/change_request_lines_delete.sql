delete from change_request_line
where request_id = $request_id
