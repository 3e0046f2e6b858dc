-- int_attribution_paths: one row per attribution path in the window. A path is a conversion's
-- journey (converted true) or a customer's non-converting path (converted false: the paths
-- mart's, sql/journeys/paths.sql); path_key is sql/journeys/path_key.sql's. unit_key is
-- what the bootstrap resamples: the customer, or the conversion when it has none.
-- path is the path's channels after the path transform ($path_transform) and the maximum
-- length ($max_path_length: the last N kept); steps (conversions only) are the touchpoints
-- kept, {position, channel} in path order, position the touchpoint's in its journey
-- (journey_touchpoints, which int_attribution_path_steps.sql reads); chain_path is path with
-- consecutive repeats collapsed, which is what the Markov chain and the Shapley game read;
-- (int_attribution_chain_paths numbers the distinct (chain_path, converted).) In the window: conversions
-- whose business date is in [$since, $until], non-converting paths whose last touchpoint's
-- business date is.
-- Parameters: $timezone, $since, $until (inclusive dates or null), $path_transform
-- ('none' | 'collapse_repeats' | 'unique' | 'first_occurrence'), $max_path_length (or null).
-- Kept in the warehouse: an incremental run rebuilds the paths of the conversions and customers
-- whose journeys it rebuilt (src/attribution/attribution-stage.ts, attributionTables).
-- Definition: docs/attribution.md ("Paths", "Path transforms", "Window").
create or replace table int_attribution_paths as
with all_conversions as (
  select
    conversion_id,
    customer_key,
    converted_at,
    cast(timezone($timezone, converted_at) as date) as converted_date,
    revenue
  from conversions
),

conversions_in_window as (
  select conversion_id, customer_key, converted_at, converted_date, revenue
  from all_conversions
  where ($since is null or converted_date >= cast($since as date))
    and ($until is null or converted_date <= cast($until as date))
),

-- a conversion's journey is the journeys mart's path (its touchpoints' channels in order,
-- sql/journeys/journeys.sql), a customer's non-converting path the paths mart's: each defined
-- there once, and read here without aggregating them again (an aggregate of lists does not
-- spill: at 30 M events one here ran out of memory at the 2GB default)
journey_paths as (
  select conversion_id, path from journeys
),

converting_paths as (
  select
    path_key(conversions.conversion_id, null) as path_key,
    coalesce(conversions.customer_key, 'conversion:' || conversions.conversion_id) as unit_key,
    conversions.conversion_id,
    true as converted,
    conversions.converted_at,
    conversions.converted_date,
    conversions.revenue,
    journey_paths.path
  from conversions_in_window as conversions
  inner join journey_paths on journey_paths.conversion_id = conversions.conversion_id
),

non_converting_in_window as (
  select
    path_key(null, customer_key) as path_key,
    customer_key as unit_key,
    cast(null as varchar) as conversion_id,
    false as converted,
    cast(null as timestamptz) as converted_at,
    cast(null as date) as converted_date,
    cast(null as decimal(18, 4)) as revenue,
    path
  from paths
  where not converted
    and ($since is null or ended_date >= cast($since as date))
    and ($until is null or ended_date <= cast($until as date))
),

-- a step: the touchpoint's place in the path before any transform (its journey position for a
-- conversion, int_attribution_path_steps.sql) and its channel
raw_paths as (
  select
    path_key, unit_key, conversion_id, converted, converted_at, converted_date, revenue,
    list_transform(path, lambda channel, i: {'position': i, 'channel': coalesce(channel, '(none)')}) as raw_steps
  from (
    select path_key, unit_key, conversion_id, converted, converted_at, converted_date, revenue, path from converting_paths
    union all
    select path_key, unit_key, conversion_id, converted, converted_at, converted_date, revenue, path from non_converting_in_window
  )
),

transformed_paths as (
  select
    path_key,
    unit_key,
    conversion_id,
    converted,
    converted_at,
    converted_date,
    revenue,
    case $path_transform
      when 'none' then raw_steps
      when 'collapse_repeats' then list_filter(raw_steps, lambda step, i: i = 1 or step.channel <> raw_steps[i - 1].channel)
      when 'unique' then list_filter(
        raw_steps, lambda step, i: not list_contains(list_transform(raw_steps[i + 1:], lambda later: later.channel), step.channel)
      )
      when 'first_occurrence' then list_filter(
        raw_steps, lambda step, i: not list_contains(list_transform(raw_steps[:i - 1], lambda earlier: earlier.channel), step.channel)
      )
    end as transformed_steps
  from raw_paths
),

kept_paths as (
  select
    path_key,
    unit_key,
    conversion_id,
    converted,
    converted_at,
    converted_date,
    revenue,
    case
      when $max_path_length is null then transformed_steps
      else list_slice(
        transformed_steps, greatest(len(transformed_steps) - cast($max_path_length as bigint) + 1, 1), len(transformed_steps)
      )
    end as steps
  from transformed_paths
),

channel_paths as (
  select
    path_key,
    unit_key,
    conversion_id,
    converted,
    converted_at,
    converted_date,
    revenue,
    steps,
    list_transform(steps, lambda step: step.channel) as path
  from kept_paths
),

chain_paths as (
  select
    path_key,
    unit_key,
    conversion_id,
    converted,
    converted_at,
    converted_date,
    revenue,
    steps,
    path,
    list_filter(path, lambda channel, i: i = 1 or channel <> path[i - 1]) as chain_path
  from channel_paths
)

select
  path_key,
  unit_key,
  conversion_id,
  converted,
  converted_at,
  converted_date,
  revenue,
  -- only conversions are credited per touchpoint; a non-converting path needs its channels only
  case when converted then steps end as steps,
  path,
  cast(len(path) as integer) as path_length,
  chain_path
from chain_paths
