-- int_identity_stats: one row describing the last identity build, for the run summary.
-- identifiers: unblocked identifiers (shared ones included); customers: components;
-- largest_component: identifiers in
-- the biggest component; blocked / shared: identifiers the guards held back; iterations:
-- label-propagation rounds run.
-- Parameters: $iterations.
-- Definition: docs/identity.md ("Run summary").
create or replace table int_identity_stats as
with nodes as (
  select node_id, is_shared from int_identity_nodes
),

components as (
  select node_id, label, component_size from int_identity_components
),

blocked_identifiers as (
  select count(*) as blocked_identifiers
  from (select distinct identifier_type, identifier from int_identity_observations where is_blocked)
)

select
  (select count(*) from nodes) as identifiers,
  (select count(distinct label) from components) as customers,
  (select coalesce(max(component_size), 0) from components) as largest_component,
  (select blocked_identifiers from blocked_identifiers) as blocked_identifiers,
  (select count(*) from nodes where is_shared) as shared_identifiers,
  cast($iterations as integer) as iterations
