-- int_attribution_unit_paths: one row per bootstrap unit × distinct chain path: unit_id
-- (0-based over unit_key: the customer, or the conversion when it has none), path_id
-- (int_attribution_chain_paths) and paths, how many of the unit's paths have it. A bootstrap
-- resample draws units with replacement and adds up these counts.
-- Definition: docs/attribution.md ("Uncertainty").
create or replace temp table int_attribution_unit_paths as
select
  cast(dense_rank() over (order by unit_paths.unit_key) - 1 as integer) as unit_id,
  unit_paths.unit_key,
  path_ids.path_id,
  unit_paths.paths
from int_attribution_unit_chain_paths as unit_paths
inner join int_attribution_chain_paths as path_ids
  on path_ids.channel_ids = unit_paths.channel_ids
  and path_ids.converted = unit_paths.converted
