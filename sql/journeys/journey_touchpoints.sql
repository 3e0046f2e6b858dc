-- journey_touchpoints: one row per conversion × touchpoint of its journey, position 1..n with
-- no gap (attribution numbers a journey's steps by their place in journeys.path and finds each
-- step's touchpoint here by that number: int_attribution_path_steps.sql).
-- The journey of a conversion: its customer's touchpoints that started within the lookback
-- window before it (started_at >= converted_at − lookback, the bound included; the lookback is
-- exact elapsed time, lookbackDays × 24 h), up to and including the touchpoint it happened in,
-- in (started_at, touchpoint_id) order. A conversion without a customer has its own
-- touchpoint only. This is what the attribution stage credits.
-- Parameters: $lookback_us (config journeys.lookbackDays in microseconds).
-- Definition: docs/journeys.md ("Journeys").
create or replace table journey_touchpoints as
with all_conversions as (
  select conversion_id, customer_key, converted_at, touchpoint_id from conversions
),

tracked_touchpoints as (
  select touchpoint_id, customer_key, started_at, source, channel from int_touchpoints
),

conversion_touchpoints as (
  select
    conversions.conversion_id,
    conversions.customer_key,
    conversions.converted_at,
    conversions.touchpoint_id as converting_touchpoint_id,
    touchpoints.started_at as converting_started_at
  from all_conversions as conversions
  inner join tracked_touchpoints as touchpoints on touchpoints.touchpoint_id = conversions.touchpoint_id
),

customer_journeys as (
  select
    conversion_touchpoints.conversion_id,
    touchpoints.touchpoint_id,
    touchpoints.started_at,
    touchpoints.source,
    touchpoints.channel
  from conversion_touchpoints
  inner join tracked_touchpoints as touchpoints on touchpoints.customer_key = conversion_touchpoints.customer_key
  where (
      touchpoints.started_at >= conversion_touchpoints.converted_at - to_microseconds(cast($lookback_us as bigint))
      and (
        touchpoints.started_at < conversion_touchpoints.converting_started_at
        or (
          touchpoints.started_at = conversion_touchpoints.converting_started_at
          and touchpoints.touchpoint_id <= conversion_touchpoints.converting_touchpoint_id
        )
      )
    )
    or touchpoints.touchpoint_id = conversion_touchpoints.converting_touchpoint_id
),

anonymous_journeys as (
  select
    conversion_touchpoints.conversion_id,
    touchpoints.touchpoint_id,
    touchpoints.started_at,
    touchpoints.source,
    touchpoints.channel
  from conversion_touchpoints
  inner join tracked_touchpoints as touchpoints on touchpoints.touchpoint_id = conversion_touchpoints.converting_touchpoint_id
  where conversion_touchpoints.customer_key is null
),

journey_steps as (
  select conversion_id, touchpoint_id, started_at, source, channel from customer_journeys
  union all
  select conversion_id, touchpoint_id, started_at, source, channel from anonymous_journeys
)

select
  conversion_id,
  row_number() over (partition by conversion_id order by started_at, touchpoint_id) as position,
  touchpoint_id,
  started_at,
  source,
  channel
from journey_steps
