-- Approved hours per month, partner and staff category, in-kind hours included (the one effort register, migration
-- 015): the Effort page's curve and its PhD and postdoc person-years. Hours of months after $as_of are left out;
-- $partner_id binds a partner to its own people.
select e.month, e.partner_id, e.person_category, sum(e.hours) as hours
from effort_hours as e
where e.project_id = $project_id and e.status = 'approved'
  and ($as_of::date is null or e.month <= $as_of::date)
  and ($partner_id::varchar is null or e.partner_id = $partner_id::varchar)
group by e.month, e.partner_id, e.person_category
order by e.month, e.partner_id, e.person_category
