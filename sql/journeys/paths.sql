-- paths: the paths the Markov model reads. One row per conversion (converted true,
-- conversion_id set: its journey's path) and one row per customer whose touchpoints are not
-- all in some conversion's journey (converted false, conversion_id null: those touchpoints in
-- (started_at, touchpoint_id) order, ending in no conversion). Touchpoints without a customer
-- form no path. ended_date is the business date of the conversion, or of the last touchpoint
-- of a non-converting path.
-- Parameters: $timezone.
-- Definition: docs/journeys.md ("Non-converting paths").
create or replace table paths as
with all_journeys as (
  select conversion_id, customer_key, converted_at, converted_date, revenue, path, path_length, first_touch_at
  from journeys
),

tracked_touchpoints as (
  select touchpoint_id, customer_key, started_at, channel from int_touchpoints where customer_key is not null
),

journey_members as (
  select distinct touchpoint_id from journey_touchpoints
),

leftover_touchpoints as (
  select touchpoints.touchpoint_id, touchpoints.customer_key, touchpoints.started_at, touchpoints.channel
  from tracked_touchpoints as touchpoints
  left join journey_members on journey_members.touchpoint_id = touchpoints.touchpoint_id
  where journey_members.touchpoint_id is null
),

non_converting_paths as (
  select
    customer_key,
    -- each touchpoint's position numbered by a window (a sort, which spills), then a plain list
    -- of (position, channel) sorted: an ordered aggregate does not spill, and its state over
    -- (started_at, touchpoint_id, channel) ran out of memory at 30 M events at the 2GB default
    -- (journeys.sql)
    list_transform(list_sort(list({'position': position, 'channel': channel})), lambda step: step.channel) as path,
    count(*) as path_length,
    min(started_at) as first_touch_at,
    max(started_at) as last_touch_at
  from (
    select customer_key, started_at, channel, row_number() over (partition by customer_key order by started_at, touchpoint_id) as position
    from leftover_touchpoints
  )
  group by customer_key
)

select
  customer_key,
  conversion_id,
  true as converted,
  path,
  array_to_string(path, ' > ') as path_string,
  path_length,
  first_touch_at,
  converted_at as last_touch_at,
  converted_at,
  revenue,
  converted_date as ended_date
from all_journeys
union all
select
  customer_key,
  cast(null as varchar) as conversion_id,
  false as converted,
  path,
  array_to_string(path, ' > ') as path_string,
  path_length,
  first_touch_at,
  last_touch_at,
  cast(null as timestamptz) as converted_at,
  cast(null as decimal(18, 4)) as revenue,
  cast(timezone($timezone, last_touch_at) as date) as ended_date
from non_converting_paths
