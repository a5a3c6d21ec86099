select max(posting_date) as last_posting_date
from ledger_entry
where project_id = $project_id and posting_date <= $as_of
