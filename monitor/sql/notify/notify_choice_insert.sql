insert into notification_choice (user_name, rule, enabled)
values ($user_name, $rule, $enabled)
