select application_id, funder, funding_source, applicant_partner_id, amount, applied_date, status, decided_date, note
from funding_application
where project_id = $project_id and applied_date <= $as_of
order by applied_date, application_id
