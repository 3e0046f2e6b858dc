-- attribution_credits: one row per conversion × touchpoint × model with a credit above 0.
-- credit is the touchpoint's share of the conversion (a conversion's credits sum to 1 in every
-- model) and revenue the conversion's revenue × credit. The touchpoints are those kept on the
-- conversion's transformed path (int_attribution_path_steps); position and path_length are on it.
-- Heuristic models (first_touch, last_touch, last_non_direct, linear, position_based,
-- time_decay) credit positions; markov and shapley give each distinct channel of the path
-- share / Σ shares of the path's channels (int_attribution_channel_weights), split equally
-- over that channel's touchpoints. Only the models in $models.
-- Parameters: $models (JSON list of model names), $position_first, $position_last
-- (attribution.positionBased), $half_life_days (attribution.timeDecayHalfLifeDays).
-- Definition: docs/attribution.md ("Heuristic models", "Credit per conversion").
create or replace table attribution_credits as
with path_steps as (
  select conversion_id, touchpoint_id, channel, started_at, position, path_length, converted_at, converted_date, revenue
  from int_attribution_path_steps
),

configured_models as (
  select unnest(from_json($models, '["VARCHAR"]')) as model
),

channel_weights as (
  select model, channel, share from int_attribution_channel_weights
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
      else (1.0 - position_weights.first_weight - position_weights.last_weight) / (path_steps.path_length - 2)
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
    time_decay_weight / sum(time_decay_weight) over (partition by conversion_id) as time_decay
  from heuristic_weights
),

heuristic_credits as (
  unpivot normalised_weights
  on first_touch, last_touch, last_non_direct, linear, position_based, time_decay
  into name model value credit
),

path_channels as (
  select conversion_id, channel, count(*) as touches
  from path_steps
  group by conversion_id, channel
),

chain_models as (
  select distinct model from channel_weights
),

path_channel_shares as (
  select
    path_channels.conversion_id,
    chain_models.model,
    path_channels.channel,
    path_channels.touches,
    coalesce(channel_weights.share, 0) as share
  from path_channels
  cross join chain_models
  left join channel_weights
    on channel_weights.model = chain_models.model
    and channel_weights.channel = path_channels.channel
),

chain_channel_credits as (
  select
    conversion_id,
    model,
    channel,
    touches,
    case
      when sum(share) over (partition by conversion_id, model) > 0 then share / sum(share) over (partition by conversion_id, model)
      else 1.0 / count(*) over (partition by conversion_id, model)
    end as channel_credit
  from path_channel_shares
),

chain_credits as (
  select
    path_steps.conversion_id,
    path_steps.touchpoint_id,
    chain_channel_credits.model,
    path_steps.channel,
    path_steps.position,
    path_steps.path_length,
    path_steps.converted_at,
    path_steps.converted_date,
    path_steps.revenue,
    chain_channel_credits.channel_credit / chain_channel_credits.touches as credit
  from path_steps
  inner join chain_channel_credits
    on chain_channel_credits.conversion_id = path_steps.conversion_id
    and chain_channel_credits.channel = path_steps.channel
),

all_credits as (
  select conversion_id, touchpoint_id, model, channel, position, path_length, converted_at, converted_date, revenue, credit
  from heuristic_credits
  union all
  select conversion_id, touchpoint_id, model, channel, position, path_length, converted_at, converted_date, revenue, credit
  from chain_credits
)

select
  all_credits.conversion_id,
  all_credits.touchpoint_id,
  all_credits.model,
  all_credits.channel,
  all_credits.credit,
  cast(all_credits.revenue as double) * all_credits.credit as revenue,
  all_credits.position,
  all_credits.path_length,
  all_credits.converted_at,
  all_credits.converted_date
from all_credits
inner join configured_models on configured_models.model = all_credits.model
where all_credits.credit > 0
