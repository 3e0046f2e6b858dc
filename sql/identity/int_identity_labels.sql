-- int_identity_labels: one row per node that has an edge, with its component label so far
-- (the smallest node_id it has heard of). Starts at the smallest of the node and its
-- neighbours; int_identity_labels_next.sql advances it until nothing changes.
-- Definition: docs/identity.md ("Identity graph").
create or replace table int_identity_labels as
with edges as (
  select src, dst from int_identity_edges
)

select src as node_id, least(src, min(dst)) as label
from edges
group by src
