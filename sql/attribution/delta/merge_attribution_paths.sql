-- Merges the rebuilt paths (delta_int_attribution_paths) of the conversions and customers whose
-- journeys the journeys stage rebuilt.
-- Definition: docs/attribution.md ("Incremental refresh").
delete from int_attribution_paths
where path_key in (select 'conversion:' || conversion_id from delta_attribution_conversions)
  or path_key in (select 'customer:' || customer_key from delta_attribution_customers);

insert into int_attribution_paths
select * from delta_int_attribution_paths;
