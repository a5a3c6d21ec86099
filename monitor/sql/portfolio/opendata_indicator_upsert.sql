-- A funded person-years figure of an imported project as an indicator's target (its values stay as entered).
insert into indicator (project_id, indicator_id, name_en, name_nb, unit, target)
values ($project_id, $indicator_id, $name_en, $name_nb, $unit, $target)
on conflict (project_id, indicator_id) do update set target = excluded.target
