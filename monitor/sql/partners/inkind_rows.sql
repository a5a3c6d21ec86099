-- In-kind contributions of a project: detail rows. $partner_id binds a partner user to its own rows;
-- $status and $key narrow the list (null = all). A decision reads its row's version here.
select
    contribution_id, partner_id, work_date, person_role, hours, hourly_rate, amount, activity, wp_code,
    status, reported_by, decided_by, decision_comment, version
from inkind_contribution
where project_id = $project_id
  and ($partner_id::varchar is null or partner_id = $partner_id)
  and ($status::varchar is null or status = $status)
  and ($key::bigint is null or contribution_id = $key)
order by work_date desc, contribution_id desc
