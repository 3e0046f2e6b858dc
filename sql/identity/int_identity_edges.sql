-- int_identity_edges: one row per directed edge (src, dst) of the identity graph, both
-- directions present. The identifiers of one event are linked as a star on the event's
-- smallest node, which gives the same components as linking every pair. Shared identifiers
-- (merge guard) take part in no edge.
-- Definition: docs/identity.md ("Identity graph").
create or replace table int_identity_edges as
with linking_nodes as (
  select source, event_id, node_id
  from int_identity_event_nodes
  where not is_shared
),

event_hubs as (
  select source, event_id, min(node_id) as hub_node_id
  from linking_nodes
  group by source, event_id
  having count(*) > 1
),

spokes as (
  select distinct linking_nodes.node_id as src, event_hubs.hub_node_id as dst
  from linking_nodes
  inner join event_hubs
    on event_hubs.source = linking_nodes.source
    and event_hubs.event_id = linking_nodes.event_id
  where linking_nodes.node_id <> event_hubs.hub_node_id
)

select src, dst from spokes
union
select dst as src, src as dst from spokes
