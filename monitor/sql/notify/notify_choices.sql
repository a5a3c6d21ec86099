-- The rules a user chose to receive or not (no row: the rule is on).
select rule, enabled
from notification_choice
where user_name = $user_name
order by rule
