-- int_attribution_chain_steps: one row per step of each distinct chain path
-- (int_attribution_chain_paths): path_id, position (1-based, in path order) and channel_id
-- (int_attribution_chain_channels). The Markov and Shapley code reads these numbers, not the
-- channel names of every step. Definition: docs/attribution.md ("Markov chain").
create or replace temp table int_attribution_chain_steps as
with steps as (
  select
    path_id,
    unnest(chain_path) as channel,
    generate_subscripts(chain_path, 1) as position
  from int_attribution_chain_paths
)

select
  steps.path_id,
  cast(steps.position as integer) as position,
  channels.channel_id
from steps
inner join int_attribution_chain_channels as channels
  on channels.channel = steps.channel
