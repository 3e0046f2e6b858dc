-- attribution_credits: one row per conversion × touchpoint × model with a credit above 0.
-- credit is the touchpoint's share of the conversion (a conversion's credits sum to 1 in every
-- model) and revenue the conversion's revenue × credit. The touchpoints are those kept on the
-- conversion's transformed path (int_attribution_path_steps); position and path_length are on it.
-- Heuristic models (first_touch, last_touch, last_non_direct, linear, position_based,
-- time_decay) credit positions; markov and shapley give each distinct channel of the path
-- share / Σ shares of the path's channels (int_attribution_channel_weights), split equally
-- over that channel's touchpoints. Only the configured models.
-- A view over int_attribution_heuristic_credits (kept, updated per rebuilt conversion) and
-- int_attribution_chain_credits (rebuilt every run, as the shares are): a nightly run does not
-- rewrite the millions of heuristic rows. Temporary, as the chain credits are; the drop removes
-- the persistent view that earlier versions kept.
-- Definition: docs/attribution.md ("Heuristic models", "Credit per conversion").
drop view if exists attribution_credits;

create or replace temp view attribution_credits as
with all_credits as (
  select conversion_id, touchpoint_id, model, channel, position, path_length, converted_at, converted_date, revenue, credit
  from int_attribution_heuristic_credits
  union all
  select conversion_id, touchpoint_id, model, channel, position, path_length, converted_at, converted_date, revenue, credit
  from int_attribution_chain_credits
)

select
  conversion_id,
  touchpoint_id,
  model,
  channel,
  credit,
  cast(revenue as double) * credit as revenue,
  position,
  path_length,
  converted_at,
  converted_date
from all_credits
