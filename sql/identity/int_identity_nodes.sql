-- int_identity_nodes: one row per identifier that is not blocked (a node of the identity graph).
-- node_id numbers the identifiers in the order of identifier_type || ':' || identifier, so the
-- smallest node_id of a component is its smallest identifier (customer_key derives from it).
-- is_shared: the merge guard; an identifier seen on events with more than $max_links distinct
-- identifiers of one other type (a staff loyalty card at a till, a shared tablet) links
-- nothing and belongs to no customer. Counts use every unblocked co-occurrence, once.
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

events_with_several_identifiers as (
  select source, event_id
  from observations
  group by source, event_id
  having count(*) > 1
),

linking_observations as (
  select observations.source, observations.event_id, observations.identifier_type, observations.identifier
  from observations
  inner join events_with_several_identifiers
    on events_with_several_identifiers.source = observations.source
    and events_with_several_identifiers.event_id = observations.event_id
),

links_per_other_type as (
  select
    this_side.identifier_type,
    this_side.identifier,
    other_side.identifier_type as other_type,
    count(distinct other_side.identifier) as linked_identifiers
  from linking_observations as this_side
  inner join linking_observations as other_side
    on other_side.source = this_side.source
    and other_side.event_id = this_side.event_id
    and other_side.identifier_type <> this_side.identifier_type
  group by this_side.identifier_type, this_side.identifier, other_side.identifier_type
),

busiest_links as (
  select
    identifier_type,
    identifier,
    max(linked_identifiers) as max_links_per_type,
    arg_max(other_type, linked_identifiers) as busiest_other_type
  from links_per_other_type
  group by identifier_type, identifier
)

select
  row_number() over (order by identifiers.identifier_type || ':' || identifiers.identifier) as node_id,
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
