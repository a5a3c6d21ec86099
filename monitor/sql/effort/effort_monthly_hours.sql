-- Approved hours per month, partner and staff category (the Effort page's curve and its PhD and postdoc
-- person-years). Hours of months after $as_of are left out; $partner_id binds a partner to its own people.
select e.month, p.partner_id, p.category as person_category, sum(e.hours) as hours
from effort_actual as e
inner join person as p on p.person_id = e.person_id and p.project_id = e.project_id
where e.project_id = $project_id and e.status = 'approved'
  and ($as_of::date is null or e.month <= $as_of::date)
  and ($partner_id::varchar is null or p.partner_id = $partner_id::varchar)
group by e.month, p.partner_id, p.category
order by e.month, p.partner_id, p.category
