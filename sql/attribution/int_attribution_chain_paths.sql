-- int_attribution_chain_paths: one row per distinct (chain_path, converted) over the paths in
-- the window (int_attribution_paths): path_id, numbering them from 0 in (chain_path, converted)
-- order, and paths, how many paths share it. The Markov and Shapley code reads only this (and
-- int_attribution_unit_paths), so its cost grows with distinct paths, not touchpoints.
-- Definition: docs/attribution.md ("Markov chain").
create or replace temp table int_attribution_chain_paths as
with window_paths as (
  select chain_path, converted from int_attribution_paths
),

distinct_paths as (
  select chain_path, converted, count(*) as paths
  from window_paths
  group by chain_path, converted
)

select
  cast(row_number() over (order by chain_path, converted) - 1 as integer) as path_id,
  chain_path,
  converted,
  paths
from distinct_paths
