-- response_times: one row per date × metric × dimension × segment. date = the business-time-
-- zone date of the starting event; metric = support_first_reply | support_resolution |
-- delivery_time | delivery_on_time | review_reply; dimension names the breakdown ('(all)',
-- 'channel', 'service', 'store', 'platform') and segment is its plain value ('(all)' on roll-up
-- rows). n counts completed durations; p50/p90 are linear-interpolation percentiles
-- (quantile_cont); over_threshold counts durations strictly above threshold_minutes; open_n /
-- open_over_threshold count items unfinished at the as-of instant and those already past the
-- threshold. Definitions: docs/kpis.md ("Response times", "Segments", "Open items", "Window").
-- Parameters: $since, $until (inclusive business dates as 'YYYY-MM-DD', or null).
create or replace table response_times as
with response_items as (
  select
    metric,
    start_date,
    time_basis,
    dimension_1,
    segment_1,
    dimension_2,
    segment_2,
    status,
    duration_minutes,
    threshold_minutes,
    is_over_threshold
  from int_response_items
  where ($since is null or start_date >= cast($since as date))
    and ($until is null or start_date <= cast($until as date))
),

items_by_segment as (
  select metric, start_date, time_basis, '(all)' as dimension, '(all)' as segment,
    status, duration_minutes, threshold_minutes, is_over_threshold
  from response_items
  union all
  select metric, start_date, time_basis, dimension_1 as dimension, segment_1 as segment,
    status, duration_minutes, threshold_minutes, is_over_threshold
  from response_items
  where dimension_1 is not null
  union all
  select metric, start_date, time_basis, dimension_2 as dimension, segment_2 as segment,
    status, duration_minutes, threshold_minutes, is_over_threshold
  from response_items
  where dimension_2 is not null
),

segment_stats as (
  select
    start_date,
    metric,
    dimension,
    segment,
    any_value(time_basis) as time_basis,
    count(*) filter (where status = 'done') as n,
    quantile_cont(duration_minutes, 0.5) filter (where status = 'done') as p50_minutes,
    quantile_cont(duration_minutes, 0.9) filter (where status = 'done') as p90_minutes,
    -- an exact sum (DECIMAL): the mean must not depend on the order rows are stored in
    cast(avg(cast(duration_minutes as decimal(38, 18))) filter (where status = 'done') as double) as mean_minutes,
    max(threshold_minutes) as threshold_minutes,
    count(*) filter (where status = 'done' and is_over_threshold) as over_threshold,
    count(*) filter (where status = 'open') as open_n,
    count(*) filter (where status = 'open' and is_over_threshold) as open_over_threshold,
    count(*) filter (where status = 'failed') as failed_n
  from items_by_segment
  group by start_date, metric, dimension, segment
)

select
  start_date as date,
  metric,
  dimension,
  segment,
  time_basis,
  n,
  -- durations; delivery_on_time has a lateness instead, under its own names
  case when metric <> 'delivery_on_time' then p50_minutes end as p50_minutes,
  case when metric <> 'delivery_on_time' then p90_minutes end as p90_minutes,
  case when metric <> 'delivery_on_time' then mean_minutes end as mean_minutes,
  case when metric = 'delivery_on_time' then p50_minutes end as p50_lateness_minutes,
  case when metric = 'delivery_on_time' then p90_minutes end as p90_lateness_minutes,
  case when metric = 'delivery_on_time' then mean_minutes end as mean_lateness_minutes,
  threshold_minutes,
  over_threshold,
  cast(over_threshold as double) / nullif(n, 0) as share_over_threshold,
  open_n,
  open_over_threshold,
  case when metric in ('delivery_time', 'delivery_on_time') then failed_n end as failed_n,
  case when metric = 'delivery_on_time' then 1 - cast(over_threshold as double) / nullif(n, 0) end as share_on_time,
  -- the roll-up row of a date and metric (dimension and segment '(all)'): a BI tool summing n
  -- filters it out (and picks one dimension)
  dimension = '(all)' as is_rollup
from segment_stats
