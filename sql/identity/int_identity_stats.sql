-- int_identity_stats: one row with the size of the identity graph and what the merge guards
-- held back, for the run summary. Read from identity_map, which both refresh modes keep whole.
-- identifiers: unblocked identifiers (graph nodes); customers: distinct customer keys;
-- largest_component: identifiers of the biggest customer; shared_identifiers: over the
-- maxLinksPerType guard; blocked_identifiers: on the block list.
-- Parameters: $iterations (label-propagation rounds this run, over all or over the slice).
-- Definition: docs/identity.md.
create or replace table int_identity_stats as
with customer_sizes as (
  select customer_key, count(*) as identifiers
  from identity_map
  where customer_key is not null
  group by customer_key
)

select
  (select count(*) from identity_map where guard_reason is distinct from 'blocklist') as identifiers,
  (select count(*) from customer_sizes) as customers,
  (select coalesce(max(identifiers), 0) from customer_sizes) as largest_component,
  (select count(*) from identity_map where guard_reason = 'blocklist') as blocked_identifiers,
  (select count(*) from identity_map where is_guarded and guard_reason is distinct from 'blocklist') as shared_identifiers,
  cast($iterations as integer) as iterations
