-- Notifications (issue 18): per user and item (monitor/notify/items.py, its stable key), what happened to it: read
-- in the app, sent by e-mail, or a failed send waiting for the next run (never lost silently). And which rules a
-- user chose to receive (no row: the rule's default from config).
create table notification (
    user_name varchar not null,
    item_key varchar not null,
    project_id varchar,
    rule varchar not null,
    due date,
    read_at timestamp,
    sent_at timestamp,
    failed_at timestamp,
    attempts integer not null default 0,
    last_error varchar,
    primary key (user_name, item_key)
);

create table notification_choice (
    user_name varchar not null,
    rule varchar not null,
    enabled boolean not null,
    primary key (user_name, rule)
);
