-- The kept rows the customer models' rebuild replaces, besides those keyed by
-- delta_journey_conversions and delta_journey_customers: the paths of the rebuilt conversions
-- and the non-converting paths of the rebuilt customers (by path_key, one key, as DuckDB cannot
-- hash-join an OR of two IN lists), and the touchpoints replaced or of a rebuilt customer.
-- Definition: docs/journeys.md ("Incremental refresh").
create or replace temp table delta_rebuilt_path_keys as
select path_key(conversion_id, null) as path_key from delta_journey_conversions
union
select path_key(null, customer_key) from delta_journey_customers where customer_key is not null;

create or replace temp table delta_rebuilt_touchpoint_ids as
select touchpoint_id from delta_removed_touchpoints
union
select touchpoint_id from touchpoints where customer_key in (select customer_key from delta_journey_customers);
