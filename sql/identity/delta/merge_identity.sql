-- Merges an incremental identity build into the warehouse tables: events whose customer was
-- one of the recomputed customers get their new customer (or none), and the recomputed
-- identifiers get their new identity_map rows. An event keeps its row when its customer was
-- not recomputed: it carries no identifier that was.
-- Left for the journeys stage: delta_identity_customers (every customer key before or after
-- that the recomputation touched) and delta_identity_events (events whose customer may have
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

create or replace temp table delta_identity_changed_events as
select source, event_id
from int_event_customers
where customer_key in (select customer_key from delta_identity_customers)
union
select source, event_id from delta_int_event_customers;

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
