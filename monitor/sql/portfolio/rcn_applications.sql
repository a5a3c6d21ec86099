-- Every row of the applications register (monitor/portfolio/applications.py), by project number.
select project_number, title, phase, start_year, end_year, owner, institution, org_number, sector, programme,
    programme_code, applied, granted, phd_years, postdoc_years, applied_on, imported_at, imported_by, version
from rcn_application
order by project_number
