-- int_attribution_channel_credits: one row per conversion × distinct channel of its path, with
-- each model's credit to that channel (columns named after the models; null where the model is
-- not configured) and touches, the channel's touchpoints on the path. The heuristic credits,
-- touches and <model>_touched come from int_attribution_path_channels. markov and shapley:
-- share / Σ shares of the path's distinct channels (int_attribution_channel_weights), or
-- 1 / channels when those shares are all 0. The shares are fitted on the whole window, so every
-- run rebuilds this for every conversion; the channel grain is the one `attribution` and
-- `attribution_models` need, and about a third of the touchpoint rows. Temporary: nothing
-- after the run reads it.
-- Drops the per-touchpoint chain credits that earlier versions kept.
-- Definition: docs/attribution.md ("Credit per conversion").
drop table if exists int_attribution_chain_credits;

create or replace temp table int_attribution_channel_credits as
with chain_weights as (
  select
    channel,
    max(share) filter (where model = 'markov') as markov_share,
    max(share) filter (where model = 'shapley') as shapley_share
  from int_attribution_channel_weights
  group by channel
),

chain_models as (
  select
    coalesce(bool_or(model = 'markov'), false) as has_markov,
    coalesce(bool_or(model = 'shapley'), false) as has_shapley
  from int_attribution_channel_weights
),

path_channels as (
  select
    sums.*,
    coalesce(chain_weights.markov_share, 0) as markov_share,
    coalesce(chain_weights.shapley_share, 0) as shapley_share
  from int_attribution_path_channels as sums
  left join chain_weights on chain_weights.channel = sums.channel
),

path_totals as (
  -- exact sums, so a credit does not depend on the order of the path's rows; converted to
  -- DOUBLE once per conversion, as that conversion is slow in DuckDB
  select
    conversion_id,
    count(*) as path_channels,
    cast(sum(cast(markov_share as decimal(38, 18))) as double) as markov_total,
    cast(sum(cast(shapley_share as decimal(38, 18))) as double) as shapley_total
  from path_channels
  group by conversion_id
)

select
  path_channels.conversion_id,
  path_channels.channel,
  path_channels.converted_date,
  path_channels.revenue,
  path_channels.touches,
  path_channels.first_touch,
  path_channels.last_touch,
  path_channels.last_non_direct,
  path_channels.linear,
  path_channels.position_based,
  path_channels.time_decay,
  path_channels.first_touch_touched,
  path_channels.last_touch_touched,
  path_channels.last_non_direct_touched,
  path_channels.linear_touched,
  path_channels.position_based_touched,
  path_channels.time_decay_touched,
  case
    when not chain_models.has_markov then null
    when path_totals.markov_total > 0 then path_channels.markov_share / path_totals.markov_total
    else 1.0 / path_totals.path_channels
  end as markov,
  case
    when not chain_models.has_shapley then null
    when path_totals.shapley_total > 0 then path_channels.shapley_share / path_totals.shapley_total
    else 1.0 / path_totals.path_channels
  end as shapley
from path_channels
inner join path_totals on path_totals.conversion_id = path_channels.conversion_id
cross join chain_models
