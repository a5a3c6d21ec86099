-- Hours already reported (and not rejected) by one partner for one person or role on one day.
select coalesce(sum(hours), 0)::decimal(18, 2) as hours
from inkind_contribution
where project_id = $project_id
  and partner_id = $partner_id
  and work_date = $work_date
  and lower(trim(person_role)) = lower(trim($person_role))
  and status <> 'rejected'
