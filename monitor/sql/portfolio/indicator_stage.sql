-- The latest milestone achieved by the as-of date: where a project without much budget data stands.
select code, title, achieved_date
from milestone
where project_id = $project_id and achieved_date <= $as_of
order by achieved_date desc, code desc
limit 1
