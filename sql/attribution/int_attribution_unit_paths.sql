-- int_attribution_unit_paths: one row per bootstrap unit × distinct chain path: unit_id
-- (0-based over unit_key: the customer, or the conversion when it has none), path_id
-- (int_attribution_chain_paths) and paths, how many of the unit's paths have it. A bootstrap
-- resample draws units with replacement and adds up these counts.
-- Definition: docs/attribution.md ("Uncertainty").
create or replace temp table int_attribution_unit_paths as
with window_paths as (
  select unit_key, chain_path, converted from int_attribution_paths
),

path_ids as (
  select path_id, chain_path, converted from int_attribution_chain_paths
),

unit_path_counts as (
  select window_paths.unit_key, path_ids.path_id, count(*) as paths
  from window_paths
  inner join path_ids
    on path_ids.chain_path = window_paths.chain_path
    and path_ids.converted = window_paths.converted
  group by window_paths.unit_key, path_ids.path_id
)

select
  cast(dense_rank() over (order by unit_key) - 1 as integer) as unit_id,
  unit_key,
  path_id,
  paths
from unit_path_counts
