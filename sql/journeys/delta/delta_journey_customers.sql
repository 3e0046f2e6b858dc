-- The customers and conversions whose journeys an incremental run rebuilds, after the entity
-- merges: every customer of a replaced or new touchpoint or conversion, every customer the
-- identity stage recomputed, and the customer of every changed event (a new NPS answer changes
-- its customer's touchpoints); the conversions of those customers, the removed and the new ones
-- (an anonymous conversion's journey is its own touchpoint).
-- Definition: docs/journeys.md ("Incremental refresh").
create or replace temp table delta_journey_customers as
select customer_key from delta_removed_touchpoints where customer_key is not null
union
select customer_key from delta_int_touchpoints where customer_key is not null
union
select customer_key from delta_removed_conversions where customer_key is not null
union
select customer_key from delta_conversions where customer_key is not null
union
select customer_key from delta_identity_customers
union
select event_customers.customer_key
from int_event_customers as event_customers
semi join delta_journey_events as changed
  on changed.source = event_customers.source and changed.event_id = event_customers.event_id;

create or replace temp table delta_journey_conversions as
select conversion_id from conversions where customer_key in (select customer_key from delta_journey_customers)
union
select conversion_id from delta_removed_conversions
union
select conversion_id from delta_conversions;
