-- Results per partner: partner_ids is a ';'-separated list, one row per partner named in it, with the
-- partner's short name (every partner of the project, not only those with figures; the id if unknown).
with named as (
    select result_id, category, title, result_date, trim(unnest(string_split(partner_ids, ';'))) as partner_id
    from result
    where project_id = $project_id and partner_ids is not null and result_date <= $as_of
)

select n.partner_id, coalesce(p.short_name, n.partner_id) as partner_name, n.result_id, n.category, n.title,
    n.result_date
from named as n
left join partner as p on p.project_id = $project_id and p.partner_id = n.partner_id
where n.partner_id <> '' and ($partner_id is null or n.partner_id = $partner_id)
order by partner_name, n.result_date, n.result_id
