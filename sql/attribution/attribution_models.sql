-- attribution_models: one row per model × channel over the whole window. Heuristic models:
-- conversions = Σ credit, revenue = Σ credit × the conversion's revenue
-- (int_attribution_model_credits), share =
-- conversions / all conversions in the window. markov and shapley: the window-level share of
-- int_attribution_channel_weights applied to the window's conversions and revenue, with
-- removal_effect (markov), the bootstrap interval share_low / share_high and share_std_error
-- (shapley). Heuristic rows carry nulls in those columns.
-- Definition: docs/attribution.md ("Tables", "Markov chain", "Shapley", "Uncertainty").
create or replace table attribution_models as
with heuristic_credits as (
  select model, channel, revenue, credit
  from int_attribution_model_credits
  where model not in ('markov', 'shapley')
),

converting_paths as (
  select revenue from int_attribution_paths where converted
),

chain_weights as (
  select model, channel, share, removal_effect, share_low, share_high, share_std_error
  from int_attribution_channel_weights
),

window_totals as (
  select count(*) as conversions, coalesce(cast(sum(revenue) as double), 0) as revenue
  from converting_paths
),

heuristic_channels as (
  -- exact sums: the result must not depend on the order rows are stored in
  select
    model,
    channel,
    cast(sum(credit) as double) as conversions,
    -- revenue × credit is an exact DECIMAL(38, 18) (see attribution.sql)
    cast(sum(revenue * credit) as double) as revenue
  from heuristic_credits
  group by model, channel
),

model_channels as (
  select
    heuristic_channels.model,
    heuristic_channels.channel,
    heuristic_channels.conversions,
    heuristic_channels.revenue,
    heuristic_channels.conversions / window_totals.conversions as share,
    cast(null as double) as removal_effect,
    cast(null as double) as share_low,
    cast(null as double) as share_high,
    cast(null as double) as share_std_error
  from heuristic_channels
  cross join window_totals
  union all
  select
    chain_weights.model,
    chain_weights.channel,
    window_totals.conversions * chain_weights.share as conversions,
    window_totals.revenue * chain_weights.share as revenue,
    chain_weights.share,
    chain_weights.removal_effect,
    chain_weights.share_low,
    chain_weights.share_high,
    chain_weights.share_std_error
  from chain_weights
  cross join window_totals
)

select
  model,
  channel,
  conversions,
  revenue,
  share,
  removal_effect,
  share_low,
  share_high,
  share_std_error
from model_channels
