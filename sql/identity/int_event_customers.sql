-- int_event_customers: one row per event (source, event_id) that carries at least one
-- identifier that is neither blocked nor shared, with its customer: those identifiers are
-- linked by the event, so they share one customer. Events that carry only guarded identifiers
-- (a staff card, 'test@example.com'), events without identifiers, and reviews have no row.
-- Definition: docs/identity.md ("Events and customers").
create or replace table int_event_customers as
with event_nodes as (
  select source, event_id, occurred_at, node_id
  from int_identity_event_nodes
  where not is_shared
),

components as (
  select node_id, customer_key from int_identity_components
),

chosen_nodes as (
  select
    source,
    event_id,
    min(occurred_at) as occurred_at,
    min(node_id) as node_id
  from event_nodes
  group by source, event_id
)

select
  chosen_nodes.source,
  chosen_nodes.event_id,
  chosen_nodes.occurred_at,
  components.customer_key
from chosen_nodes
inner join components on components.node_id = chosen_nodes.node_id
