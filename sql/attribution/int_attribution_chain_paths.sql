-- int_attribution_chain_paths: one row per distinct (chain_path, converted) over the paths in
-- the window (int_attribution_paths): path_id and paths, how many paths share it. The Markov
-- and Shapley code reads only this (and int_attribution_unit_paths), so its cost grows with
-- distinct paths, not touchpoints.
-- Definition: docs/attribution.md ("Markov chain").
create or replace temp table int_attribution_chain_paths as
with window_paths as (
  select path_id, chain_path, converted from int_attribution_paths
)

select path_id, any_value(chain_path) as chain_path, any_value(converted) as converted, count(*) as paths
from window_paths
group by path_id
