-- int_attribution_unit_paths: one row per bootstrap unit × distinct chain path: unit_id
-- (0-based over unit_key: the customer, or the conversion when it has none), path_id
-- (int_attribution_chain_paths) and paths, how many of the unit's paths have it. A bootstrap
-- resample draws units with replacement and adds up these counts.
-- Definition: docs/attribution.md ("Uncertainty").
create or replace temp table int_attribution_unit_paths as
with window_paths as (
  select unit_key, path_id from int_attribution_paths
),

unit_path_counts as (
  select unit_key, path_id, count(*) as paths
  from window_paths
  group by unit_key, path_id
)

select
  cast(dense_rank() over (order by unit_key) - 1 as integer) as unit_id,
  unit_key,
  path_id,
  paths
from unit_path_counts
