-- A user's choice of one rule, removed before it is written anew (notify_choice_insert), in one transaction.
delete from notification_choice
where user_name = $user_name and rule = $rule
