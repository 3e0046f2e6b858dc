-- int_attribution_unit_chain_paths: one row per bootstrap unit × distinct (chain path, converted)
-- over the paths in the window (int_attribution_paths): unit_key, channel_ids (the chain path
-- as its channels' numbers, int_attribution_chain_channels), converted and paths, how many of
-- the unit's paths it is. Numbers are ordered as the channel names are, so lists of them sort
-- as the chain paths do, and DuckDB groups and sorts them several times faster than lists of
-- names (docs/performance.md). Read by int_attribution_chain_paths and
-- int_attribution_unit_paths.
create or replace temp table int_attribution_unit_chain_paths as
with channel_names as (
  select list(channel order by channel_id) as channels from int_attribution_chain_channels
)

select
  paths.unit_key,
  list_transform(paths.chain_path, channel -> cast(list_position(names.channels, channel) - 1 as integer)) as channel_ids,
  paths.converted,
  count(*) as paths
from int_attribution_paths as paths
cross join channel_names as names
group by all
