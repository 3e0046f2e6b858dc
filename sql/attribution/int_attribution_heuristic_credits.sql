-- int_attribution_heuristic_credits: one row per conversion × touchpoint kept on its path
-- (int_attribution_path_steps) with one credit column per heuristic model: first_touch,
-- last_touch, last_non_direct, linear, position_based, time_decay (0 where the model gives the
-- touchpoint nothing, null where the model is not configured). A conversion's heuristic credits
-- depend on its own path only, so an incremental run rebuilds them for the conversions whose
-- journeys it rebuilt. One row per step rather than per step × model: the published
-- attribution_credits has that grain, and it is a sixth of the rows to merge and scan.
-- Parameters: $models (JSON list of the configured models), $position_first, $position_last
-- (attribution.positionBased), $half_life_days (attribution.timeDecayHalfLifeDays).
-- Definition: docs/attribution.md ("Heuristic models").
create or replace table int_attribution_heuristic_credits as
with configured as (
  select from_json($models, '["VARCHAR"]') as models
),

path_steps as (
  select conversion_id, touchpoint_id, channel, started_at, position, path_length, converted_at, converted_date, revenue
  from int_attribution_path_steps
),

position_weights as (
  select cast($position_first as double) as first_weight, cast($position_last as double) as last_weight
),

conversion_anchors as (
  select
    conversion_id,
    coalesce(max(position) filter (where channel <> 'Direct'), max(position)) as last_non_direct_position,
    min(epoch_us(converted_at) - epoch_us(started_at)) as nearest_touch_us
  from path_steps
  group by conversion_id
),

heuristic_weights as (
  select
    path_steps.conversion_id,
    path_steps.touchpoint_id,
    path_steps.channel,
    path_steps.position,
    path_steps.path_length,
    path_steps.converted_at,
    path_steps.converted_date,
    path_steps.revenue,
    cast(path_steps.position = 1 as double) as first_touch,
    cast(path_steps.position = path_steps.path_length as double) as last_touch,
    cast(path_steps.position = conversion_anchors.last_non_direct_position as double) as last_non_direct,
    1.0 / path_steps.path_length as linear,
    case
      when path_steps.path_length = 1 then 1.0
      when path_steps.path_length = 2 and position_weights.first_weight + position_weights.last_weight = 0 then 0.5
      when path_steps.path_length = 2 and path_steps.position = 1
        then position_weights.first_weight / (position_weights.first_weight + position_weights.last_weight)
      when path_steps.path_length = 2
        then position_weights.last_weight / (position_weights.first_weight + position_weights.last_weight)
      when path_steps.position = 1 then position_weights.first_weight
      when path_steps.position = path_steps.path_length then position_weights.last_weight
      -- rounded: 1.0 − 0.7 − 0.3 is 5.6e-17 in floating point, not the 0 the configuration means
      else round(1.0 - position_weights.first_weight - position_weights.last_weight, 12) / (path_steps.path_length - 2)
    end as position_based,
    -- measured from the nearest touch so that a short half-life cannot underflow every weight
    -- to 0; the common factor cancels when the weights are normalised
    pow(
      2.0,
      -((epoch_us(path_steps.converted_at) - epoch_us(path_steps.started_at)) - conversion_anchors.nearest_touch_us)
        / 86400000000.0 / cast($half_life_days as double)
    ) as time_decay_weight
  from path_steps
  inner join conversion_anchors on conversion_anchors.conversion_id = path_steps.conversion_id
  cross join position_weights
),

normalised_weights as (
  select
    conversion_id,
    touchpoint_id,
    channel,
    position,
    path_length,
    converted_at,
    converted_date,
    revenue,
    first_touch,
    last_touch,
    last_non_direct,
    linear,
    position_based,
    -- an exact sum, so the credit does not depend on the order of the path's rows
    time_decay_weight / cast(sum(cast(time_decay_weight as decimal(38, 18))) over (partition by conversion_id) as double) as time_decay
  from heuristic_weights
)

select
  normalised_weights.conversion_id,
  normalised_weights.touchpoint_id,
  normalised_weights.channel,
  normalised_weights.position,
  normalised_weights.path_length,
  normalised_weights.converted_at,
  normalised_weights.converted_date,
  normalised_weights.revenue,
  if(list_contains(configured.models, 'first_touch'), normalised_weights.first_touch, null) as first_touch,
  if(list_contains(configured.models, 'last_touch'), normalised_weights.last_touch, null) as last_touch,
  if(list_contains(configured.models, 'last_non_direct'), normalised_weights.last_non_direct, null) as last_non_direct,
  if(list_contains(configured.models, 'linear'), normalised_weights.linear, null) as linear,
  if(list_contains(configured.models, 'position_based'), normalised_weights.position_based, null) as position_based,
  if(list_contains(configured.models, 'time_decay'), normalised_weights.time_decay, null) as time_decay
from normalised_weights
cross join configured
