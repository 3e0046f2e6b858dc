-- int_identity_links: one row per pair of unblocked identifiers that appear together on at least
-- one event (the pair once, its smaller identifier first, in the order of (identifier_type,
-- identifier)). Shared identifiers keep their pairs: the merge guard counts them
-- (int_identity_nodes.sql). Kept in the warehouse so that a nightly run can tell a new event's
-- links from old ones without reading every old observation (delta_identity_identifiers.sql).
-- Definition: docs/identity.md ("Identity graph", "Merge guards").
create or replace table int_identity_links as
with observations as (
  select source, event_id, identifier_type, identifier
  from int_identity_observations
  where not is_blocked
),

events_with_several_identifiers as (
  select source, event_id
  from observations
  group by source, event_id
  having count(*) > 1
),

linking_observations as (
  select observations.source, observations.event_id, observations.identifier_type, observations.identifier
  from observations
  semi join events_with_several_identifiers
    on events_with_several_identifiers.source = observations.source
    and events_with_several_identifiers.event_id = observations.event_id
)

select distinct
  one.identifier_type as one_type,
  one.identifier as one_identifier,
  other.identifier_type as other_type,
  other.identifier as other_identifier
from linking_observations as one
inner join linking_observations as other
  on other.source = one.source
  and other.event_id = one.event_id
  and (other.identifier_type, other.identifier) > (one.identifier_type, one.identifier)
