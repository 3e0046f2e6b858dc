-- int_identity_edges: one row per directed edge (src, dst) of the identity graph, both
-- directions present: the nodes of each pair of identifiers that appear on one event
-- (int_identity_links, each pair once), so the graph is built from the distinct pairs, not
-- from every event. Shared identifiers (merge guard) take part in no edge; blocked ones are no
-- node.
-- Definition: docs/identity.md ("Identity graph").
create or replace table int_identity_edges as
with linking_nodes as (
  select node_id, identifier_type, identifier
  from int_identity_nodes
  where not is_shared
),

node_pairs as (
  select one.node_id as src, other.node_id as dst
  from int_identity_links as links
  inner join linking_nodes as one
    on one.identifier_type = links.one_type and one.identifier = links.one_identifier
  inner join linking_nodes as other
    on other.identifier_type = links.other_type and other.identifier = links.other_identifier
  where one.node_id <> other.node_id
)

select src, dst from node_pairs
union
select dst as src, src as dst from node_pairs
