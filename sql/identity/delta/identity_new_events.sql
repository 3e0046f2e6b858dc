-- After the merges of an incremental identity build: what the new events change besides the
-- recomputed identifiers (delta_identity_identifiers.sql says why nothing else changes).
-- Definition: docs/identity.md ("Incremental refresh").

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
