-- delta_identity_identifiers: the identifiers an incremental identity build recomputes: the
-- identifiers on events of new files that change the graph, and every identifier of the
-- customers those belonged to before this run. An identifier on a new event changes the graph
-- when it is new, or when it is linked to an identifier it never shared an event with before
-- (a new link can merge customers, and it is the only thing that grows the merge guard's counts),
-- or when the new event is older than its first sighting (a late file: a customer's key is that
-- of its first-seen identifier, int_identity_nodes.sql, so it may change).
-- Every other identifier on a new event keeps its customer, links and guard: its identity_map
-- row only counts the new events (identity_new_events.sql), and a new event whose recomputed
-- identifiers link nothing (none, blocked or shared) gets the customer of its other ones. No
-- other identifier's identity_map row can change: new events only add links, so customers only
-- merge, and an identifier that the merge guard newly holds back has a new link.
-- old_customer_key: its customer before this run (null when it is new, blocked or shared).
-- Reads delta_int_identity_observations and delta_int_identity_links (the new events'
-- observations and links), and int_identity_links and identity_map as of the previous build.
-- Definition: docs/identity.md ("Incremental refresh").

-- The new links no old event made: the pairs the new events link (delta_int_identity_links,
-- int_identity_links.sql over the new observations) that int_identity_links, holding every old
-- one, lacks. A table of its own, so DuckDB knows how few they are. identity_new_events.sql adds
-- them to int_identity_links.
create or replace temp table delta_identity_first_links as
select new_links.one_type, new_links.one_identifier, new_links.other_type, new_links.other_identifier
from delta_int_identity_links as new_links
anti join int_identity_links as old
  on old.one_type = new_links.one_type
  and old.one_identifier = new_links.one_identifier
  and old.other_type = new_links.other_type
  and old.other_identifier = new_links.other_identifier;

create or replace temp table delta_identity_identifiers as
with new_observations as (
  select source, event_id, occurred_at, identifier_type, identifier, is_blocked
  from delta_int_identity_observations
),

-- new to the map, or (a late file) seen before the first sighting the map holds; the map's
-- first_seen_at is over unblocked observations, as the node order is
changed_sightings as (
  select distinct new_observations.identifier_type, new_observations.identifier
  from new_observations
  left join identity_map
    on identity_map.identifier_type = new_observations.identifier_type
    and identity_map.identifier = new_observations.identifier
  where identity_map.identifier is null
    or (not new_observations.is_blocked and new_observations.occurred_at < identity_map.first_seen_at)
),

graph_changing_identifiers as (
  select identifier_type, identifier from changed_sightings
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
