-- report: the converting paths most conversions took (journeys as published), with their
-- revenue and the share of all conversions they make up; ties by path, so the list is stable.
select
  path_string,
  count(*)::bigint as conversions,
  sum(revenue) as revenue,
  count(*) / sum(count(*)) over () as share
from read_parquet($files)
group by path_string
order by conversions desc, path_string
limit 10
