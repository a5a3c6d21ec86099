-- Which of a partner's file values ($values) name a person of ANOTHER partner of the project: only the value is
-- returned (never the person), so the import can say "not your organisation's person" and show nothing else.
select distinct v.value
from unnest($values::varchar[]) as v(value)
inner join person as p
    on p.project_id = $project_id
    and p.partner_id <> $partner_id
    and (lower(trim(p.name)) = lower(trim(v.value)) or lower(trim(p.person_ref)) = lower(trim(v.value)))
