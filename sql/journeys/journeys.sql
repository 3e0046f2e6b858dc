-- journeys: one row per conversion with its journey (journey_touchpoints.sql). path is the list
-- of channels in order, path_string the same joined with ' > '; path_length its touchpoints;
-- first_touch_at the first one's start; days_to_convert = (converted_at − first_touch_at) in
-- fractional days; is_cross_channel: the path has at least one web touchpoint and at least one
-- store touchpoint (support counts as neither).
-- Definition: docs/journeys.md ("Journeys").
create or replace table journeys as
with all_conversions as (
  select conversion_id, customer_key, converted_at, converted_date, source, order_id, revenue, currency, touchpoint_id
  from conversions
),

steps as (
  select conversion_id, position, touchpoint_id, started_at, source, channel from journey_touchpoints
),

paths as (
  select
    conversion_id,
    -- a list of (position, channel) sorted, rather than list(channel order by position): an
    -- ordered aggregate (with count(distinct) beside it) does not spill, and at 30 M events
    -- this model ran out of memory at the 2GB default; the plain list is also twice as fast
    list_transform(list_sort(list({'position': position, 'channel': channel})), lambda step: step.channel) as path,
    count(*) as path_length,
    min(started_at) as first_touch_at,
    count(*) filter (where source = 'web') as web_touchpoints,
    count(*) filter (where source = 'store') as store_touchpoints,
    count(*) filter (where source = 'support') as support_touchpoints
  from steps
  group by conversion_id
)

select
  conversions.conversion_id,
  conversions.customer_key,
  conversions.converted_at,
  conversions.converted_date,
  conversions.source,
  conversions.order_id,
  conversions.revenue,
  conversions.currency,
  paths.path,
  array_to_string(paths.path, ' > ') as path_string,
  paths.path_length,
  paths.first_touch_at,
  (epoch_us(conversions.converted_at) - epoch_us(paths.first_touch_at)) / 86400000000.0 as days_to_convert,
  paths.web_touchpoints > 0 and paths.store_touchpoints > 0 as is_cross_channel,
  paths.web_touchpoints,
  paths.store_touchpoints,
  paths.support_touchpoints,
  -- count(distinct channel): list_distinct drops nulls as count does
  length(list_distinct(paths.path)) as distinct_channels,
  conversions.touchpoint_id as converting_touchpoint_id
from all_conversions as conversions
inner join paths on paths.conversion_id = conversions.conversion_id
