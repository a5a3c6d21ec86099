-- The risk register of a project, or one row of it when $key is given (a save reads its version here).
select
    risk_id, title, wp_code, probability, impact, owner, mitigation, state, version
from risk
where project_id = $project_id
  and ($key::bigint is null or risk_id = $key)
order by risk_id
