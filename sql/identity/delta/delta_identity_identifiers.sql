-- delta_identity_identifiers: the identifiers an incremental identity build recomputes: every
-- identifier on an event of a new file, and every identifier of the customers those belonged
-- to before this run. No other identifier's identity_map row can change: new events only add
-- links, so customers only merge, and an identifier that the merge guard newly holds back is
-- itself on a new event. old_customer_key: its customer before this run (null when it is new,
-- blocked or shared).
-- Reads delta_int_identity_observations (the new events' observations) and identity_map as of the
-- previous build. Definition: docs/identity.md ("Incremental refresh").
create or replace temp table delta_identity_identifiers as
with new_identifiers as (
  select distinct identifier_type, identifier
  from delta_int_identity_observations
),

touched_customers as (
  select distinct identity_map.customer_key
  from identity_map
  inner join new_identifiers
    on new_identifiers.identifier_type = identity_map.identifier_type
    and new_identifiers.identifier = identity_map.identifier
  where identity_map.customer_key is not null
),

affected as (
  select identifier_type, identifier from new_identifiers
  union
  select identifier_type, identifier
  from identity_map
  where customer_key in (select customer_key from touched_customers)
)

select affected.identifier_type, affected.identifier, identity_map.customer_key as old_customer_key
from affected
left join identity_map
  on identity_map.identifier_type = affected.identifier_type
  and identity_map.identifier = affected.identifier
