-- int_event_customers: one row per event (source, event_id) that carries at least one
-- identifier that is neither blocked nor shared, with its customer: those identifiers are
-- linked by the event, so they share one customer, read off the event's identifier with the
-- smallest node id. Events that carry only guarded identifiers (a staff card,
-- 'test@example.com'), events without identifiers, and reviews have no row.
-- Definition: docs/identity.md ("Events and customers").
-- The drop removes int_identity_event_nodes, a table of every event × identifier that earlier
-- versions kept between this model and the graph's edges.
drop table if exists int_identity_event_nodes;

create or replace table int_event_customers as
with observations as (
  select source, event_id, occurred_at, identifier_type, identifier
  from int_identity_observations
  where not is_blocked
),

linking_nodes as (
  select node_id, identifier_type, identifier
  from int_identity_nodes
  where not is_shared
),

components as (
  select node_id, customer_key from int_identity_components
),

chosen_nodes as (
  select
    observations.source,
    observations.event_id,
    min(observations.occurred_at) as occurred_at,
    min(linking_nodes.node_id) as node_id
  from observations
  inner join linking_nodes
    on linking_nodes.identifier_type = observations.identifier_type
    and linking_nodes.identifier = observations.identifier
  group by observations.source, observations.event_id
)

select
  chosen_nodes.source,
  chosen_nodes.event_id,
  chosen_nodes.occurred_at,
  components.customer_key
from chosen_nodes
inner join components on components.node_id = chosen_nodes.node_id
