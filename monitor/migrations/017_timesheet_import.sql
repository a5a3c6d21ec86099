-- Timesheet imports (issue 17, point 2): one row per import that wrote something, in the project's order.
-- The first statement of an import's transaction claims the project's next generation; a concurrent import picks
-- the same number and fails on the key, so two imports never decide "what is new" from the same snapshot (as the
-- ledger's ledger_write does). The row also tells a re-import of the same file (sha256) who imported it before.
create table timesheet_import (
    project_id varchar not null,
    generation integer not null,
    file_name varchar not null,
    sha256 varchar not null,
    user_name varchar not null,
    imported_at timestamp not null,
    rows_added integer not null,
    rows_changed integer not null,
    primary key (project_id, generation)
);
