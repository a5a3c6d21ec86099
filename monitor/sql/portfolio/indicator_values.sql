-- Each indicator of a project with its target and its values up to the as-of date (none: one row, null value).
select i.indicator_id, i.name_en, i.name_nb, i.unit, i.target, v.value_date, v.value
from indicator as i
left join indicator_value as v
    on i.project_id = v.project_id and i.indicator_id = v.indicator_id and v.value_date <= $as_of
where i.project_id = $project_id
order by i.indicator_id, v.value_date
