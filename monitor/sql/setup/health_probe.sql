-- What proves the database answers (`monitor health`, the app's heartbeat): its schema version and its projects.
select (select max(version) from schema_migration) as schema_version, (select count(*) from project) as projects
