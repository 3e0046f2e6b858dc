-- delta_identity_identifiers: the identifiers an incremental identity build recomputes: the
-- identifiers on events of new files that change the graph, and every identifier of the
-- customers those belonged to before this run. An identifier on a new event changes the graph
-- when it is new, or when it is linked to an identifier it never shared an event with before
-- (a new link can merge customers, and it is the only thing that grows the merge guard's counts).
-- Every other identifier on a new event keeps its customer, links and guard: its identity_map
-- row only counts the new events (merge_identity.sql), and a new event whose recomputed
-- identifiers link nothing (none, blocked or shared) gets the customer of its other ones. No
-- other identifier's identity_map row can change: new events only add links, so customers only
-- merge, and an identifier that the merge guard newly holds back has a new link. old_customer_key: its customer before this run (null when it is
-- new, blocked or shared).
-- Reads delta_int_identity_observations (the new events' observations), and int_identity_links
-- and identity_map as of the previous build.
-- Definition: docs/identity.md ("Incremental refresh").

-- The links the new events make (blocked identifiers link nothing), as a table of its own:
-- DuckDB then knows how few they are and probes the old links with them, not the other way
-- round (a CTE's estimate made it hash every old row at 5 M events).
create or replace temp table delta_identity_new_links as
select distinct
  one.identifier_type as one_type, one.identifier as one_identifier,
  other.identifier_type as other_type, other.identifier as other_identifier
from delta_int_identity_observations as one
inner join delta_int_identity_observations as other
  on other.source = one.source
  and other.event_id = one.event_id
  and (other.identifier_type, other.identifier) > (one.identifier_type, one.identifier)
where not one.is_blocked and not other.is_blocked;

-- The new links no old event made (int_identity_links holds every old one); merge_identity.sql
-- adds them to int_identity_links.
create or replace temp table delta_identity_first_links as
select one_type, one_identifier, other_type, other_identifier
from delta_identity_new_links
anti join int_identity_links as old
  on old.one_type = delta_identity_new_links.one_type
  and old.one_identifier = delta_identity_new_links.one_identifier
  and old.other_type = delta_identity_new_links.other_type
  and old.other_identifier = delta_identity_new_links.other_identifier;

create or replace temp table delta_identity_identifiers as
with new_observations as (
  select source, event_id, identifier_type, identifier, is_blocked
  from delta_int_identity_observations
),

unseen_identifiers as (
  select distinct new_observations.identifier_type, new_observations.identifier
  from new_observations
  anti join identity_map
    on identity_map.identifier_type = new_observations.identifier_type
    and identity_map.identifier = new_observations.identifier
),

graph_changing_identifiers as (
  select identifier_type, identifier from unseen_identifiers
  union
  select one_type, one_identifier from delta_identity_first_links
  union
  select other_type, other_identifier from delta_identity_first_links
),

touched_customers as (
  select distinct identity_map.customer_key
  from identity_map
  inner join graph_changing_identifiers as changing
    on changing.identifier_type = identity_map.identifier_type
    and changing.identifier = identity_map.identifier
  where identity_map.customer_key is not null
),

affected as (
  select identifier_type, identifier from graph_changing_identifiers
  union
  select identifier_type, identifier
  from identity_map
  where customer_key in (select customer_key from touched_customers)
)

select affected.identifier_type, affected.identifier, identity_map.customer_key as old_customer_key
from affected
left join identity_map
  on identity_map.identifier_type = affected.identifier_type
  and identity_map.identifier = affected.identifier;

drop table delta_identity_new_links;
