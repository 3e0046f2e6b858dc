-- int_attribution_model_credits: one row per conversion × channel × configured model that gives
-- the channel any credit (int_attribution_channel_credits in long form): credit as an exact
-- DECIMAL(38, 14) and touched (some credit above 0, however small). attribution and
-- attribution_models add these up. A temporary view: each reads it once.
-- Definition: docs/attribution.md ("Credit per conversion", "Tables").
create or replace temp view int_attribution_model_credits as
with channel_credits as (
  -- one value type for the unpivot: the heuristic sums are exact DECIMALs already
  select
    conversion_id,
    converted_date,
    channel,
    revenue,
    first_touch,
    last_touch,
    last_non_direct,
    linear,
    position_based,
    time_decay,
    cast(markov as decimal(38, 14)) as markov,
    cast(shapley as decimal(38, 14)) as shapley,
    first_touch_touched,
    last_touch_touched,
    last_non_direct_touched,
    linear_touched,
    position_based_touched,
    time_decay_touched,
    markov > 0 as markov_touched,
    shapley > 0 as shapley_touched
  from int_attribution_channel_credits
),

model_credits as (
  -- a row drops out when its credit or touched is null: an unconfigured model's (both are null
  -- together, as both come from the same credits)
  unpivot channel_credits
  on
    (first_touch, first_touch_touched) as first_touch,
    (last_touch, last_touch_touched) as last_touch,
    (last_non_direct, last_non_direct_touched) as last_non_direct,
    (linear, linear_touched) as linear,
    (position_based, position_based_touched) as position_based,
    (time_decay, time_decay_touched) as time_decay,
    (markov, markov_touched) as markov,
    (shapley, shapley_touched) as shapley
  into name model value credit, touched
)

select conversion_id, converted_date, channel, revenue, model, credit
from model_credits
where touched
