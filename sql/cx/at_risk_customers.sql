-- at_risk_customers: one row per customer with a breach in the last $window_days before the
-- as-of instant that nothing recovered yet (recovery_moments), for a CRM: customer_key, their
-- customer_id where one is known (the smallest of the component's; never an e-mail or phone),
-- open_breaches, last_breach_at, revenue_to_date (customers.revenue), sorted by revenue, then
-- the latest breach. Definitions: docs/cx-drivers.md ("At-risk customers"). Parameters: $window_days.
create or replace table at_risk_customers as
with as_of as (
  select as_of_at from int_kpi_as_of
),

open_breaches as (
  select customer_key, count(*) as open_breaches, max(breach_at) as last_breach_at
  from recovery_moments
  cross join as_of
  where customer_key is not null and not recovered and breach_at > as_of.as_of_at - to_days($window_days::integer)
  group by customer_key
),

-- the smallest of the shop's own ids; an e-mail address used as a customer id is staged as its
-- pseudonym (64 hex digits), shown only when the customer has no other
customer_ids as (
  select customer_key, first(identifier order by regexp_full_match(identifier, '[0-9a-f]{64}'), identifier) as customer_id
  from identity_map
  where identifier_type = 'customer_id' and customer_key is not null
  group by customer_key
)

select
  open_breaches.customer_key,
  customer_ids.customer_id,
  open_breaches.open_breaches,
  open_breaches.last_breach_at,
  coalesce(customers.revenue, 0) as revenue_to_date
from open_breaches
left join customer_ids using (customer_key)
left join customers using (customer_key)
order by revenue_to_date desc, last_breach_at desc, customer_key
