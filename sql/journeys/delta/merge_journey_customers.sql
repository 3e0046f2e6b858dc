-- Merges the rebuilt journeys, paths, touchpoint and customer rows of the customers and
-- conversions in delta_journey_customers / delta_journey_conversions.
-- Definition: docs/journeys.md ("Incremental refresh").
delete from journey_touchpoints where conversion_id in (select conversion_id from delta_journey_conversions);
insert into journey_touchpoints select * from delta_journey_touchpoints;

delete from journeys where conversion_id in (select conversion_id from delta_journey_conversions);
insert into journeys select * from delta_journeys;

delete from paths
where conversion_id in (select conversion_id from delta_journey_conversions)
  or (conversion_id is null and customer_key in (select customer_key from delta_journey_customers));
insert into paths select * from delta_paths;

delete from touchpoints
where touchpoint_id in (select touchpoint_id from delta_removed_touchpoints)
  or customer_key in (select customer_key from delta_journey_customers);
insert into touchpoints select * from delta_touchpoints;

delete from customers where customer_key in (select customer_key from delta_journey_customers);
insert into customers select * from delta_customers;
