-- int_identity_labels_next: one propagation round of int_identity_labels. Each node takes the
-- smallest label among itself and its neighbours, then the label of that label (pointer
-- jumping: a label is a node of the same component and never larger than the node, so this
-- only shortens the way). Rounds needed are bounded by the graph's diameter.
-- Definition: docs/identity.md ("Identity graph").
create or replace table int_identity_labels_next as
with labels as (
  select node_id, label from int_identity_labels
),

edges as (
  select src, dst from int_identity_edges
),

neighbour_labels as (
  select edges.src as node_id, min(labels.label) as label
  from edges
  inner join labels on labels.node_id = edges.dst
  group by edges.src
),

propagated as (
  select labels.node_id, least(labels.label, neighbour_labels.label) as label
  from labels
  inner join neighbour_labels on neighbour_labels.node_id = labels.node_id
)

select propagated.node_id, least(propagated.label, label_of_label.label) as label
from propagated
inner join propagated as label_of_label on label_of_label.node_id = propagated.label
