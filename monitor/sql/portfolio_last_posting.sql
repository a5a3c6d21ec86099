select l.project_id, max(l.posting_date) as last_posting_date
from ledger_entry as l
inner join project as p using (project_id)
where l.posting_date <= $as_of and ($all_projects or list_contains($project_ids, p.project_id))
group by l.project_id
