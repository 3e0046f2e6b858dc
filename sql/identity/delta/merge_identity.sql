-- Merges an incremental identity build into the warehouse tables: events whose customer was
-- one of the recomputed customers get their new customer (or none), and the recomputed
-- identifiers get their new identity_map rows. An event keeps its row when its customer was
-- not recomputed: it carries no identifier that was. The other identifiers on new events add
-- the new events to their counts, and a new event the slice gave no customer gets the customer
-- its identifiers already had (delta_identity_identifiers.sql says why).
-- Left for the journeys stage: delta_identity_customers (every customer key before or after
-- that the recomputation touched) and delta_identity_changed_events (events whose customer
-- changed); both are temporary and end with the run.
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

-- The events whose customer changed: recomputed with another customer than before, recomputed
-- and new to the map, or no longer recomputed under a customer the run touched. A recomputed event
-- that keeps its customer changes nothing downstream (sessions, store touchpoints and tickets
-- depend on events and their customers only); its customer is still rebuilt by the journeys stage
-- when its identifiers changed (delta_identity_customers). At 5 M events a night recomputes
-- about 780 k events of which about 50 k change customer, and the journeys slices follow this set.
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

-- Most recomputed events keep their customer: only rows that differ are deleted and inserted
-- (at 5 M events a night recomputes about 780 k rows of which about 50 k change), as fewer
-- written rows make the merge and DuckDB's next checkpoint cheaper. Rows are compared whole.
create or replace temp table delta_unchanged_event_customers as
select kept.source, kept.event_id
from int_event_customers as kept
semi join delta_int_event_customers as rebuilt
  on rebuilt.source = kept.source and rebuilt.event_id = kept.event_id and rebuilt is not distinct from kept
where kept.customer_key in (select old_customer_key from delta_identity_identifiers where old_customer_key is not null);

delete from int_event_customers as kept
where kept.customer_key in (select old_customer_key from delta_identity_identifiers where old_customer_key is not null)
  and not exists (
    select 1 from delta_unchanged_event_customers as unchanged
    where unchanged.source = kept.source and unchanged.event_id = kept.event_id
  );

insert into int_event_customers
select rebuilt.*
from delta_int_event_customers as rebuilt
where not exists (
  select 1 from delta_unchanged_event_customers as unchanged
  where unchanged.source = rebuilt.source and unchanged.event_id = rebuilt.event_id
);

drop table delta_unchanged_event_customers;

delete from identity_map
where exists (
  select 1
  from delta_identity_identifiers as affected
  where affected.identifier_type = identity_map.identifier_type
    and affected.identifier = identity_map.identifier
);

insert into identity_map
select delta_identity_map.*
from delta_identity_map
semi join delta_identity_identifiers as affected
  on affected.identifier_type = delta_identity_map.identifier_type
  and affected.identifier = delta_identity_map.identifier;

-- Identifiers on new events that were not recomputed: same customer, links and guard; the
-- new events only add to their counts and may widen their first and last sighting.
update identity_map
set event_count = identity_map.event_count + sightings.events,
  first_seen_at = least(identity_map.first_seen_at, sightings.first_seen_at),
  last_seen_at = greatest(identity_map.last_seen_at, sightings.last_seen_at)
from (
  select identifier_type, identifier, count(*) as events, min(occurred_at) as first_seen_at, max(occurred_at) as last_seen_at
  from delta_int_identity_observations as new_observations
  anti join delta_identity_identifiers as affected
    on affected.identifier_type = new_observations.identifier_type
    and affected.identifier = new_observations.identifier
  group by identifier_type, identifier
) as sightings
where sightings.identifier_type = identity_map.identifier_type
  and sightings.identifier = identity_map.identifier;

-- New events the slice gave no customer: those without a recomputed identifier, and those whose
-- recomputed identifiers link nothing (blocked or shared; the slice then holds the others back).
-- Their linking identifiers are all not recomputed, so they shared events before and have one
-- customer (none when every one is blocked or shared).
insert into int_event_customers
select new_observations.source, new_observations.event_id, min(new_observations.occurred_at) as occurred_at, min(identity_map.customer_key) as customer_key
from delta_int_identity_observations as new_observations
inner join identity_map
  on identity_map.identifier_type = new_observations.identifier_type
  and identity_map.identifier = new_observations.identifier
anti join delta_int_event_customers as recomputed
  on recomputed.source = new_observations.source and recomputed.event_id = new_observations.event_id
where identity_map.customer_key is not null
group by new_observations.source, new_observations.event_id;

-- The new events' first links join the old ones (delta_identity_identifiers.sql).
insert into int_identity_links
select one_type, one_identifier, other_type, other_identifier from delta_identity_first_links;
