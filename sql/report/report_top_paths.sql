-- report: the first $limit rows of path_summary as published (the converting paths most
-- conversions took), in its order.
select path_string, path_length, conversions, revenue, share
from read_parquet($files, union_by_name = true)
order by conversions desc, path_string
limit $limit
