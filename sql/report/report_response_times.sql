-- report: response times per day over all segments (the roll-up rows of response_times as
-- published) of the metrics the report charts ($metrics): deliveries against their threshold, first
-- replies to support and to reviews against their SLA.
select
  strftime(date, '%Y-%m-%d') as date,
  metric,
  dimension,
  segment,
  time_basis,
  n,
  p50_minutes,
  p90_minutes,
  threshold_minutes,
  over_threshold,
  share_over_threshold
from read_parquet($files, union_by_name = true)
where is_rollup and metric in (select unnest($metrics))
order by metric, time_basis, date
