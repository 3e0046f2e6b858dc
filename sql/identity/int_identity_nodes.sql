-- int_identity_nodes: one row per identifier that is not blocked (a node of the identity graph).
-- node_id numbers the identifiers in the order of first_seen_at, then identifier_type || ':' ||
-- identifier, so the smallest node_id of a component is the identifier it was seen with first
-- (customer_key derives from it): a customer keeps its key when new identifiers join it.
-- is_shared: the merge guard; an identifier seen on events with more than $max_links distinct
-- identifiers of one other type (a staff loyalty card at a till, a shared tablet) links
-- nothing and belongs to no customer. Counts use every unblocked co-occurrence, once
-- (int_identity_links).
-- Parameters: $max_links (config identity.maxLinksPerType).
-- Definition: docs/identity.md ("Merge guards").
create or replace table int_identity_nodes as
with observations as (
  select source, event_id, occurred_at, identifier_type, identifier
  from int_identity_observations
  where not is_blocked
),

identifiers as (
  select
    identifier_type,
    identifier,
    count(*) as event_count,
    min(occurred_at) as first_seen_at,
    max(occurred_at) as last_seen_at
  from observations
  group by identifier_type, identifier
),

-- each pair counts for both its identifiers; a pair is stored once, so counting rows counts
-- distinct partners
links_per_other_type as (
  select identifier_type, identifier, other_type, count(*) as linked_identifiers
  from (
    select one_type as identifier_type, one_identifier as identifier, other_type from int_identity_links
    union all
    select other_type, other_identifier, one_type from int_identity_links
  )
  where other_type <> identifier_type
  group by identifier_type, identifier, other_type
),

busiest_links as (
  select
    identifier_type,
    identifier,
    max(linked_identifiers) as max_links_per_type,
    -- of types with as many, the first in name order, so the guard's reason does not depend on
    -- the order rows are stored in
    first(other_type order by linked_identifiers desc, other_type) as busiest_other_type
  from links_per_other_type
  group by identifier_type, identifier
)

select
  row_number() over (order by identifiers.first_seen_at, identifiers.identifier_type || ':' || identifiers.identifier) as node_id,
  identifiers.identifier_type,
  identifiers.identifier,
  identifiers.event_count,
  identifiers.first_seen_at,
  identifiers.last_seen_at,
  coalesce(busiest_links.max_links_per_type, 0) as max_links_per_type,
  coalesce(busiest_links.max_links_per_type, 0) > $max_links as is_shared,
  case
    when coalesce(busiest_links.max_links_per_type, 0) > $max_links
      then 'shared: seen with ' || busiest_links.max_links_per_type || ' distinct ' || busiest_links.busiest_other_type || ' identifiers'
  end as guard_reason
from identifiers
left join busiest_links
  on busiest_links.identifier_type = identifiers.identifier_type
  and busiest_links.identifier = identifiers.identifier
