-- attribution: one row per date × model × channel with credit. date is the business-time-zone
-- date of the conversion; conversions = Σ credit, revenue = Σ credit × the conversion's revenue
-- and touched_conversions = the conversions giving the channel any credit, over that day's
-- conversions (int_attribution_channel_credits). For markov and shapley these are the
-- per-conversion credits, whose window totals differ from attribution_models (see the
-- definition).
-- Definition: docs/attribution.md ("Tables", "Credit per conversion").
create or replace table attribution as
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
  -- unconfigured models are null and drop out here
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

select
  converted_date as date,
  model,
  channel,
  -- exact sums (DECIMAL) so the result does not depend on the order rows are stored in,
  -- which differs between a full and an incremental build
  -- (revenue DECIMAL(18, 4) × credit DECIMAL(38, 14) is an exact DECIMAL(38, 18))
  cast(sum(credit) as double) as conversions,
  cast(sum(revenue * credit) as double) as revenue,
  count(*) as touched_conversions
from model_credits
where touched
group by converted_date, model, channel
