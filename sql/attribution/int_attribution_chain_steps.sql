-- int_attribution_chain_steps: one row per step of each distinct chain path
-- (int_attribution_chain_paths): path_id, position (1-based, in path order) and channel_id
-- (int_attribution_chain_channels). The Markov and Shapley code reads these numbers, not the
-- channel names of every step. Definition: docs/attribution.md ("Markov chain").
create or replace temp table int_attribution_chain_steps as
select
  path_id,
  cast(generate_subscripts(channel_ids, 1) as integer) as position,
  unnest(channel_ids) as channel_id
from int_attribution_chain_paths
