-- int_identity_event_nodes: one row per event × unblocked identifier, with the identifier's
-- node. (source, event_id) is the event; node_id its identifier in int_identity_nodes.
-- Definition: docs/identity.md.
create or replace table int_identity_event_nodes as
with observations as (
  select source, event_id, occurred_at, identifier_type, identifier
  from int_identity_observations
  where not is_blocked
),

nodes as (
  select node_id, identifier_type, identifier, is_shared
  from int_identity_nodes
)

select
  observations.source,
  observations.event_id,
  observations.occurred_at,
  nodes.node_id,
  nodes.is_shared
from observations
inner join nodes
  on nodes.identifier_type = observations.identifier_type
  and nodes.identifier = observations.identifier
