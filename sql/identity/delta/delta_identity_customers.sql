-- What an incremental identity build hands on to the journeys stage, read before the merges
-- change int_event_customers: delta_identity_customers, every customer key before or after that
-- the recomputation touched, and delta_identity_changed_events, the events whose customer changed
-- (recomputed with another customer than before, recomputed and new to the map, or no longer
-- recomputed under a customer the run touched). A recomputed event that keeps its customer
-- changes nothing downstream (sessions, store touchpoints and tickets depend on events and their
-- customers only); its customer is still rebuilt by the journeys stage when its identifiers
-- changed. At 5 M events a night recomputes about 780 k events of which about 50 k change
-- customer, and the journeys slices follow this set.
-- Definition: docs/identity.md ("Incremental refresh").
create or replace temp table delta_identity_customers as
select old_customer_key as customer_key
from delta_identity_identifiers
where old_customer_key is not null
union
select delta_identity_map.customer_key
from delta_identity_map
semi join delta_identity_identifiers as affected
  on affected.identifier_type = delta_identity_map.identifier_type
  and affected.identifier = delta_identity_map.identifier
where delta_identity_map.customer_key is not null;

create or replace temp table delta_identity_changed_events as
with before as (
  select source, event_id, customer_key
  from int_event_customers
  where customer_key in (select customer_key from delta_identity_customers)
),

after as (
  select source, event_id, customer_key from delta_int_event_customers
)

select coalesce(after.source, before.source) as source, coalesce(after.event_id, before.event_id) as event_id
from before
full outer join after
  on after.source = before.source and after.event_id = before.event_id
where after.event_id is null
  or before.event_id is null
  or after.customer_key is distinct from before.customer_key;

-- The slice also rebuilt identity_map rows of identifiers it only held back (not recomputed):
-- those keep their rows, so only the recomputed identifiers' rows are merged.
delete from delta_identity_map
where not exists (
  select 1
  from delta_identity_identifiers as affected
  where affected.identifier_type = delta_identity_map.identifier_type
    and affected.identifier = delta_identity_map.identifier
);
