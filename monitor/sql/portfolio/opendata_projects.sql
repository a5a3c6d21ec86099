-- Every project with the fields the open-data import owns (monitor/portfolio/funded.py): its own, its owner
-- partner's ('owner') and its funded PhD and postdoc person-years; funder_ref finds a number already followed.
select
    p.project_id, p.funder_ref, p.name_en, p.name_nb, p.programme, p.start_date, p.end_date, p.declared_total,
    p.declared_funder, o.name as owner_name, o.short_name as owner_short_name, o.org_number as owner_org_number,
    o.sector as owner_sector, phd.target as phd_years, postdoc.target as postdoc_years
from project p
left join partner o on o.project_id = p.project_id and o.partner_id = 'owner'
left join indicator phd on phd.project_id = p.project_id and phd.indicator_id = 'phd_years'
left join indicator postdoc on postdoc.project_id = p.project_id and postdoc.indicator_id = 'postdoc_years'
order by p.project_id
