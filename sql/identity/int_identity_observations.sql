-- int_identity_observations: one row per event × identifier the event carries.
-- (source, event_id) is the event within its staging table; (identifier_type, identifier) is
-- the identifier as staged (email and phone are HMAC hex). is_blocked marks values on the block
-- list, which link nothing and belong to no customer. Reviews carry no customer identifier
-- (author_id is a review-platform handle) and are left out.
-- Parameters: $raw_blocklist, the configured block list lower-cased and trimmed (matched
-- against the raw identifier types case-insensitively).
-- Definition: docs/identity.md ("Identifiers", "Block list").
create or replace table int_identity_observations as
with web_identifiers as (
  select 'web' as source, event_id, occurred_at, identifier_type, identifier
  from (
    unpivot (select event_id, occurred_at, anonymous_id, customer_id, email_hash as email from events_web)
    on anonymous_id, customer_id, email
    into name identifier_type value identifier
  )
),

store_identifiers as (
  select 'store' as source, event_id, occurred_at, identifier_type, identifier
  from (
    unpivot (
      select event_id, occurred_at, loyalty_id, customer_id, email_hash as email, phone_hash as phone from events_store
    )
    on loyalty_id, customer_id, email, phone
    into name identifier_type value identifier
  )
),

survey_identifiers as (
  select 'survey' as source, event_id, occurred_at, identifier_type, identifier
  from (
    unpivot (select event_id, occurred_at, customer_id, email_hash as email, loyalty_id from events_survey)
    on customer_id, email, loyalty_id
    into name identifier_type value identifier
  )
),

support_identifiers as (
  select 'support' as source, event_id, occurred_at, identifier_type, identifier
  from (
    unpivot (select event_id, occurred_at, customer_id, email_hash as email, phone_hash as phone from events_support)
    on customer_id, email, phone
    into name identifier_type value identifier
  )
),

delivery_identifiers as (
  select 'delivery' as source, event_id, occurred_at, identifier_type, identifier
  from (
    unpivot (select event_id, occurred_at, customer_id, email_hash as email from events_delivery)
    on customer_id, email
    into name identifier_type value identifier
  )
),

observed_identifiers as (
  select source, event_id, occurred_at, identifier_type, identifier from web_identifiers
  union all
  select source, event_id, occurred_at, identifier_type, identifier from store_identifiers
  union all
  select source, event_id, occurred_at, identifier_type, identifier from survey_identifiers
  union all
  select source, event_id, occurred_at, identifier_type, identifier from support_identifiers
  union all
  select source, event_id, occurred_at, identifier_type, identifier from delivery_identifiers
),

-- Hashed types compare exactly (the hash already went through ingest's normalisation); raw
-- types compare trimmed and lower-cased, so 'Unknown' and 'unknown ' are blocked alike.
listed_values as (
  select
    identifier_type,
    case when identifier_type in ('email', 'phone') then identifier else lower(trim(identifier)) end as match_value
  from identity_blocklist
  union
  select raw_types.identifier_type, configured.match_value
  from (values ('anonymous_id'), ('customer_id'), ('loyalty_id')) as raw_types (identifier_type)
  cross join (select unnest(cast($raw_blocklist as varchar[])) as match_value) as configured
)

select
  observed_identifiers.source,
  observed_identifiers.event_id,
  observed_identifiers.occurred_at,
  observed_identifiers.identifier_type,
  observed_identifiers.identifier,
  (trim(observed_identifiers.identifier) = '' or listed_values.match_value is not null) as is_blocked
from observed_identifiers
left join listed_values
  on listed_values.identifier_type = observed_identifiers.identifier_type
  and listed_values.match_value = case
    when observed_identifiers.identifier_type in ('email', 'phone') then observed_identifiers.identifier
    else lower(trim(observed_identifiers.identifier))
  end
