-- Deliverables by responsible partner ($partner_id null = every partner), with the partner's short name.
select
    d.responsible_partner_id as partner_id, coalesce(p.short_name, d.responsible_partner_id) as partner_name,
    d.code, d.title, d.due_date, d.status, d.delivered_date
from deliverable as d
left join partner as p on p.project_id = d.project_id and p.partner_id = d.responsible_partner_id
where d.project_id = $project_id
  and d.responsible_partner_id is not null
  and ($partner_id::varchar is null or d.responsible_partner_id = $partner_id)
order by partner_name, d.due_date, d.code
