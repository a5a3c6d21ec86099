-- The people a project's hours may refer to.
select person_id from person where project_id = $project_id
