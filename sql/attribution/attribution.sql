-- attribution: one row per date × model × channel with credit. date is the business-time-zone
-- date of the conversion; conversions = Σ credit, revenue = Σ credit × the conversion's revenue
-- and touched_conversions = the conversions giving the channel any credit, over that day's
-- conversions (int_attribution_model_credits). For markov and shapley these are the
-- per-conversion credits, whose window totals differ from attribution_models (see the
-- definition).
-- Definition: docs/attribution.md ("Tables", "Credit per conversion").
create or replace table attribution as
with model_credits as (
  select converted_date, model, channel, revenue, credit from int_attribution_model_credits
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
group by converted_date, model, channel
