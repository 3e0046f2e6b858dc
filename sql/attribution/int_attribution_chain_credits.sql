-- int_attribution_chain_credits: one row per conversion × touchpoint × window-level model
-- (markov, shapley: the configured ones, in int_attribution_channel_weights) with a credit
-- above 0. Each distinct channel of
-- the conversion's path gets share / Σ shares of the path's channels (1 / channels when all
-- shares are 0), split equally over that channel's touchpoints. The shares are fitted on the
-- whole window, so every run rebuilds these for every conversion. A temporary table: writing
-- 1.8 M rows at 5 M events to the warehouse file (and checkpointing them) cost about 2 s a run
-- for rows no later run reads; the published attribution_credits is where they are kept.
-- The drop removes the persistent table that earlier versions kept.
-- Definition: docs/attribution.md ("Credit per conversion").
drop table if exists int_attribution_chain_credits;

create or replace temp table int_attribution_chain_credits as
with path_steps as (
  select conversion_id, touchpoint_id, channel, started_at, position, path_length, converted_at, converted_date, revenue
  from int_attribution_path_steps
),

channel_weights as (
  select model, channel, share from int_attribution_channel_weights
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
      -- an exact sum, so the credit does not depend on the order of the path's rows
      when sum(cast(share as decimal(38, 18))) over (partition by conversion_id, model) > 0
        then share / cast(sum(cast(share as decimal(38, 18))) over (partition by conversion_id, model) as double)
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
)

select conversion_id, touchpoint_id, model, channel, position, path_length, converted_at, converted_date, revenue, credit
from chain_credits
where credit > 0
