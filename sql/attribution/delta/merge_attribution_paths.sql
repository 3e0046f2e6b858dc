-- Merges the rebuilt paths (delta_int_attribution_paths) of the conversions and customers whose
-- journeys the journeys stage rebuilt, then renumbers path_id over all paths as the model does
-- (dense rank of (chain_path, converted) from 0).
-- Definition: docs/attribution.md ("Incremental refresh").
delete from int_attribution_paths
where path_key in (select 'conversion:' || conversion_id from delta_journey_conversions)
  or path_key in (select 'customer:' || customer_key from delta_journey_customers);

insert into int_attribution_paths
select * from delta_int_attribution_paths;

create or replace table int_attribution_paths as
select * replace (cast(dense_rank() over (order by chain_path, converted) - 1 as integer) as path_id)
from int_attribution_paths;
