-- Optimistic locking: a draft changes only if it is still a draft at the version the editor read.
update change_request
set title = $title, reason = $reason, new_end_date = $new_end_date::date, version = version + 1
where request_id = $request_id and version = $version and status = 'draft'
returning version
