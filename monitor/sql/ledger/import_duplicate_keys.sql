-- The same source line twice in one file: the natural key would not identify it.
select source_line, min(row_no) as first_row, max(row_no) as last_row, count(*) as lines
from import_stage
group by source_line
having count(*) > 1
order by first_row
