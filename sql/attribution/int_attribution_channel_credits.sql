-- int_attribution_channel_credits: one row per conversion × distinct channel of its path, with
-- each model's credit to that channel (columns named after the models; null where the model is
-- not configured) and touches, the channel's touchpoints on the path.
-- Heuristic models: the channel's touchpoints' credits (int_attribution_heuristic_credits)
-- added up exactly, as DECIMAL, so the daily and window totals built from these do not depend
-- on the order rows are stored in. markov and shapley: share / Σ shares of the path's distinct
-- channels (int_attribution_channel_weights), or 1 / channels when those shares are all 0.
-- The shares are fitted on the whole window, so every run rebuilds this for every conversion;
-- the channel grain is the one `attribution` and `attribution_models` need, and about a
-- third of the touchpoint rows. Temporary: nothing after the run reads it.
-- Drops the per-touchpoint chain credits that earlier versions kept.
-- Definition: docs/attribution.md ("Credit per conversion").
drop table if exists int_attribution_chain_credits;

create or replace temp table int_attribution_channel_credits as
with path_steps as (
  select
    conversion_id, channel, converted_date, revenue,
    first_touch, last_touch, last_non_direct, linear, position_based, time_decay
  from int_attribution_heuristic_credits
),

chain_weights as (
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
    conversion_id,
    channel,
    any_value(converted_date) as converted_date,
    any_value(revenue) as revenue,
    count(*) as touches,
    sum(cast(first_touch as decimal(38, 18))) as first_touch,
    sum(cast(last_touch as decimal(38, 18))) as last_touch,
    sum(cast(last_non_direct as decimal(38, 18))) as last_non_direct,
    sum(cast(linear as decimal(38, 18))) as linear,
    sum(cast(position_based as decimal(38, 18))) as position_based,
    sum(cast(time_decay as decimal(38, 18))) as time_decay
  from path_steps
  group by conversion_id, channel
),

channel_shares as (
  select
    path_channels.*,
    coalesce(chain_weights.markov_share, 0) as markov_share,
    coalesce(chain_weights.shapley_share, 0) as shapley_share,
    -- exact sums, so a credit does not depend on the order of the path's rows
    sum(cast(coalesce(chain_weights.markov_share, 0) as decimal(38, 18))) over (partition by path_channels.conversion_id) as markov_total,
    sum(cast(coalesce(chain_weights.shapley_share, 0) as decimal(38, 18))) over (partition by path_channels.conversion_id) as shapley_total,
    count(*) over (partition by path_channels.conversion_id) as path_channels
  from path_channels
  left join chain_weights on chain_weights.channel = path_channels.channel
)

select
  channel_shares.conversion_id,
  channel_shares.channel,
  channel_shares.converted_date,
  channel_shares.revenue,
  channel_shares.touches,
  channel_shares.first_touch,
  channel_shares.last_touch,
  channel_shares.last_non_direct,
  channel_shares.linear,
  channel_shares.position_based,
  channel_shares.time_decay,
  case
    when not chain_models.has_markov then null
    when channel_shares.markov_total > 0 then channel_shares.markov_share / cast(channel_shares.markov_total as double)
    else 1.0 / channel_shares.path_channels
  end as markov,
  case
    when not chain_models.has_shapley then null
    when channel_shares.shapley_total > 0 then channel_shares.shapley_share / cast(channel_shares.shapley_total as double)
    else 1.0 / channel_shares.path_channels
  end as shapley
from channel_shares
cross join chain_models
