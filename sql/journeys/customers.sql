-- customers: one row per customer (customer_key, a connected component of the identity graph;
-- docs/identity.md), including customers with no touchpoint (seen only in surveys, deliveries
-- or support events). Blocked and shared identifiers belong to no customer.
-- first_seen_at / last_seen_at span every event that carried one of its identifiers, in any
-- source; identifier_count counts its identifiers (by type in the *_ids columns);
-- conversions / revenue sum its conversions (revenue as staged, currencies not converted).
-- Definition: docs/journeys.md ("Customers").
create or replace table customers as
with customer_identifiers as (
  select
    customer_key,
    min(first_seen_at) as first_seen_at,
    max(last_seen_at) as last_seen_at,
    count(*) as identifier_count,
    count(*) filter (where identifier_type = 'anonymous_id') as anonymous_ids,
    count(*) filter (where identifier_type = 'customer_id') as customer_ids,
    count(*) filter (where identifier_type = 'email') as emails,
    count(*) filter (where identifier_type = 'phone') as phones,
    count(*) filter (where identifier_type = 'loyalty_id') as loyalty_ids
  from identity_map
  where customer_key is not null
  group by customer_key
),

customer_conversions as (
  select
    customer_key,
    count(*) as conversions,
    sum(revenue) as revenue,
    min(converted_at) as first_converted_at,
    max(converted_at) as last_converted_at
  from conversions
  where customer_key is not null
  group by customer_key
),

customer_touchpoints as (
  select
    customer_key,
    count(*) as touchpoints,
    count(*) filter (where source = 'web') as web_sessions,
    count(*) filter (where source = 'store') as store_touchpoints,
    count(*) filter (where source = 'support') as support_tickets
  from int_touchpoints
  where customer_key is not null
  group by customer_key
)

select
  customer_identifiers.customer_key,
  customer_identifiers.first_seen_at,
  customer_identifiers.last_seen_at,
  customer_identifiers.identifier_count,
  coalesce(customer_conversions.conversions, 0) as conversions,
  cast(coalesce(customer_conversions.revenue, 0) as decimal(18, 4)) as revenue,
  customer_conversions.first_converted_at,
  customer_conversions.last_converted_at,
  coalesce(customer_touchpoints.touchpoints, 0) as touchpoints,
  coalesce(customer_touchpoints.web_sessions, 0) as web_sessions,
  coalesce(customer_touchpoints.store_touchpoints, 0) as store_touchpoints,
  coalesce(customer_touchpoints.support_tickets, 0) as support_tickets,
  customer_identifiers.anonymous_ids,
  customer_identifiers.customer_ids,
  customer_identifiers.emails,
  customer_identifiers.phones,
  customer_identifiers.loyalty_ids
from customer_identifiers
left join customer_conversions on customer_conversions.customer_key = customer_identifiers.customer_key
left join customer_touchpoints on customer_touchpoints.customer_key = customer_identifiers.customer_key
