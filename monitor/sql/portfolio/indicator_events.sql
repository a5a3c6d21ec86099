-- Attendance per event and actor group up to the as-of date: the event_attendance rows, and the
-- attendance columns of results (MW Inc's learning labs and conference), unpivoted to the same shape.
with events as (
    select event_id, event_date, title, actor_group, attendees
    from event_attendance
    where project_id = $project_id and event_date <= $as_of
),

results as (
    select cast(result_id as varchar) as event_id, result_date as event_date, title, attendance_migrants as migrants,
           attendance_employers as employers, attendance_support as support,
           attendance_researchers as researchers, attendance_others as others
    from result
    where project_id = $project_id and result_date <= $as_of
),

result_groups as (
    select event_id, event_date, title, 'migrants' as actor_group, migrants as attendees
    from results where migrants is not null
    union all
    select event_id, event_date, title, 'employers', employers from results where employers is not null
    union all
    select event_id, event_date, title, 'support', support from results where support is not null
    union all
    select event_id, event_date, title, 'researchers', researchers from results where researchers is not null
    union all
    select event_id, event_date, title, 'others', others from results where others is not null
),

final as (
    select * from events
    union all
    select event_id, event_date, title, actor_group, attendees from result_groups
)

select * from final
order by event_date, event_id, actor_group
