-- int_identity_components: one row per node that belongs to a customer (an identifier neither
-- blocked nor shared: guarded identifiers belong to nobody) with its customer.
-- label is the smallest node_id of its connected component (its first-seen identifier,
-- int_identity_nodes.sql); customer_key is 'c_' || the first 16 hex digits of md5 of that
-- identifier (identifier_type || ':' || identifier), so an unchanged component keeps its key
-- across runs whatever the row order, and so does one that new identifiers join.
-- component_size counts the identifiers of the component.
-- Definition: docs/identity.md ("Customer", "customer_key").
create or replace table int_identity_components as
with nodes as (
  select node_id, identifier_type, identifier from int_identity_nodes where not is_shared
),

labels as (
  select node_id, label from int_identity_labels
),

node_labels as (
  select nodes.node_id, coalesce(labels.label, nodes.node_id) as label
  from nodes
  left join labels on labels.node_id = nodes.node_id
),

component_keys as (
  select node_id as label, 'c_' || left(md5(identifier_type || ':' || identifier), 16) as customer_key
  from nodes
),

component_sizes as (
  select label, count(*) as component_size
  from node_labels
  group by label
)

select
  node_labels.node_id,
  node_labels.label,
  component_keys.customer_key,
  component_sizes.component_size
from node_labels
inner join component_keys on component_keys.label = node_labels.label
inner join component_sizes on component_sizes.label = node_labels.label
