-- Results per partner: partner_ids is a ';'-separated list, one row per partner named in it, with the
-- partner's short name (every partner of the project, not only those with figures; the id if unknown).
with named as (
    select r.result_id, r.category, r.title, r.result_date, trim(named_id.partner_id) as partner_id
    from result as r
    cross join unnest(string_to_array(r.partner_ids, ';')) as named_id(partner_id)
    where r.project_id = $project_id and r.partner_ids is not null and r.result_date <= $as_of
)

select n.partner_id, coalesce(p.short_name, n.partner_id) as partner_name, n.result_id, n.category, n.title,
    n.result_date
from named as n
left join partner as p on p.project_id = $project_id and p.partner_id = n.partner_id
where n.partner_id <> '' and ($partner_id::varchar is null or n.partner_id = $partner_id)
order by partner_name, n.result_date, n.result_id
