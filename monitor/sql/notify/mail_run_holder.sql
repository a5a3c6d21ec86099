-- The run that holds the sending row now, and since when (none: no run is sending).
select holder, started_at
from mail_run
