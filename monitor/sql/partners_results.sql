-- Results per partner: partner_ids is a ';'-separated list, one row per partner named in it.
with named as (
    select result_id, category, title, result_date, trim(unnest(string_split(partner_ids, ';'))) as partner_id
    from result
    where project_id = $project_id and partner_ids is not null and result_date <= $as_of
)

select partner_id, result_id, category, title, result_date
from named
where partner_id <> '' and ($partner_id is null or partner_id = $partner_id)
order by partner_id, result_date, result_id
