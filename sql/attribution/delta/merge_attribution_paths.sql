-- Merges the rebuilt paths (delta_int_attribution_paths) of the conversions and customers whose
-- journeys the journeys stage rebuilt.
-- Definition: docs/attribution.md ("Incremental refresh").
-- Most rebuilt paths equal the kept ones (a customer with one new event keeps the paths of
-- its earlier conversions), so only rows that differ are deleted and inserted, as fewer written
-- rows, each with its lists of steps and channels, make the merge and DuckDB's next checkpoint
-- cheaper. Rows are compared whole. The rebuilt keys are a table of their own: an OR of two IN
-- lists is not hash-joined.
create or replace temp table delta_rebuilt_path_keys as
select 'conversion:' || conversion_id as path_key from delta_attribution_conversions
union
select 'customer:' || customer_key from delta_attribution_customers;

create or replace temp table delta_unchanged_attribution_paths as
select kept.path_key
from int_attribution_paths as kept
semi join delta_rebuilt_path_keys as rebuilt_keys on rebuilt_keys.path_key = kept.path_key
semi join delta_int_attribution_paths as rebuilt
  on rebuilt.path_key = kept.path_key and rebuilt is not distinct from kept;

delete from int_attribution_paths as kept
where kept.path_key in (select path_key from delta_rebuilt_path_keys)
  and not exists (select 1 from delta_unchanged_attribution_paths as unchanged where unchanged.path_key = kept.path_key);

insert into int_attribution_paths
select rebuilt.*
from delta_int_attribution_paths as rebuilt
where not exists (select 1 from delta_unchanged_attribution_paths as unchanged where unchanged.path_key = rebuilt.path_key);

drop table delta_rebuilt_path_keys;
drop table delta_unchanged_attribution_paths;
