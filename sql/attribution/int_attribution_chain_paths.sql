-- int_attribution_chain_paths: one row per distinct (chain_path, converted) over the paths in
-- the window (int_attribution_unit_chain_paths): path_id, numbering them from 0 in
-- (chain_path, converted) order, channel_ids (the chain path as its channels' numbers, which
-- sort as the names do) and paths, how many paths share it. The Markov and Shapley code reads
-- only this (and int_attribution_unit_paths), so its cost grows with distinct paths, not
-- touchpoints. Definition: docs/attribution.md ("Markov chain").
create or replace temp table int_attribution_chain_paths as
with distinct_paths as (
  select channel_ids, converted, cast(sum(paths) as bigint) as paths
  from int_attribution_unit_chain_paths
  group by channel_ids, converted
)

select
  cast(row_number() over (order by channel_ids, converted) - 1 as integer) as path_id,
  channel_ids,
  converted,
  paths
from distinct_paths
