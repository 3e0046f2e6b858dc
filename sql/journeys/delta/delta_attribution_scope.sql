-- What the attribution stage rebuilds (docs/attribution.md, "Incremental refresh"), from what
-- the journeys merges changed: a converting path depends on its journey rows (touchpoint,
-- position, start, channel) and its conversion row (customer, instant, revenue); a customer's
-- non-converting path on the customer's touchpoints and on which of them are in a journey. So:
-- conversions with a changed journey row, and new, rebuilt or removed conversions; customers
-- with a changed touchpoint row (old or new customer) or a touchpoint whose journey membership
-- changed.
create or replace temp table delta_attribution_conversions as
select conversion_id from delta_changed_journey_touchpoints
union
select conversion_id from delta_removed_conversions
union
select conversion_id from delta_conversions;

create or replace temp table delta_attribution_customers as
select customer_key from delta_changed_touchpoints where customer_key is not null
union
select touchpoints.customer_key
from touchpoints
semi join delta_changed_journey_touchpoints as changed on changed.touchpoint_id = touchpoints.touchpoint_id
where touchpoints.customer_key is not null;
