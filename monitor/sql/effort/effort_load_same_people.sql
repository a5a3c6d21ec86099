-- Who each person of $project_id (their own partner's only when $partner_id is set) is in every project of the
-- database: the person rows of the same partner and person_ref (its own row among them); a person without a
-- person_ref is only itself. Pairs (person_id here, person_id of that project, that project).
select m.person_id, o.person_id as same_id, o.project_id
from person as m
inner join person as o on o.partner_id = m.partner_id and o.person_ref = m.person_ref
where m.project_id = $project_id and m.person_ref is not null
  and ($partner_id::varchar is null or m.partner_id = $partner_id::varchar)
union all
select m.person_id, m.person_id as same_id, m.project_id
from person as m
where m.project_id = $project_id and m.person_ref is null
  and ($partner_id::varchar is null or m.partner_id = $partner_id::varchar)
order by 1, 3, 2
