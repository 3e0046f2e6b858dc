-- identity_map: one row per identifier ever observed (identifier_type, identifier), with the
-- customer it belongs to. identifier is pseudonymised for email and phone (HMAC hex).
-- is_guarded marks identifiers held back by the merge guards, guard_reason 'blocklist' or
-- 'shared: …'; they link nothing and belong to no customer (customer_key null).
-- event_count / first_seen_at / last_seen_at describe the events that carried it.
-- Definition: docs/identity.md.
create or replace table identity_map as
with nodes as (
  select node_id, identifier_type, identifier, event_count, first_seen_at, last_seen_at, is_shared, guard_reason
  from int_identity_nodes
),

components as (
  select node_id, customer_key from int_identity_components
),

blocked_identifiers as (
  select
    identifier_type,
    identifier,
    count(*) as event_count,
    min(occurred_at) as first_seen_at,
    max(occurred_at) as last_seen_at
  from int_identity_observations
  where is_blocked
  group by identifier_type, identifier
)

select
  nodes.identifier_type,
  nodes.identifier,
  components.customer_key,
  nodes.is_shared as is_guarded,
  nodes.guard_reason,
  nodes.event_count,
  nodes.first_seen_at,
  nodes.last_seen_at
from nodes
left join components on components.node_id = nodes.node_id
union all
select
  identifier_type,
  identifier,
  cast(null as varchar) as customer_key,
  true as is_guarded,
  'blocklist' as guard_reason,
  event_count,
  first_seen_at,
  last_seen_at
from blocked_identifiers
