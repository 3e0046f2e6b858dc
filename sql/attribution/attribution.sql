-- attribution: one row per date × model × channel with credit. date is the business-time-zone
-- date of the conversion; conversions = Σ credit and revenue = Σ credited revenue of that
-- day's conversions (attribution_credits). For markov and shapley these are the per-conversion
-- credits, whose window totals differ from attribution_models (see the definition).
-- Definition: docs/attribution.md ("Tables", "Credit per conversion").
create or replace table attribution as
with credits as (
  select converted_date, model, channel, conversion_id, credit, revenue from attribution_credits
)

select
  converted_date as date,
  model,
  channel,
  -- exact sums (DECIMAL) so the result does not depend on the order rows are stored in,
  -- which differs between a full and an incremental build
  cast(sum(cast(credit as decimal(38, 18))) as double) as conversions,
  cast(sum(cast(revenue as decimal(38, 18))) as double) as revenue,
  count(distinct conversion_id) as touched_conversions
from credits
group by converted_date, model, channel
