-- int_attribution_chain_channels: one row per channel on any chain path in the window
-- (int_attribution_paths): channel and channel_id, numbering them from 0 in channel order.
-- The Markov and Shapley code reads the paths as these numbers (int_attribution_chain_steps)
-- and orders the channels itself. Definition: docs/attribution.md ("Markov chain").
create or replace temp table int_attribution_chain_channels as
with path_channels as (
  select distinct unnest(chain_path) as channel from int_attribution_paths
)

select
  channel,
  cast(row_number() over (order by channel) - 1 as integer) as channel_id
from path_channels
