-- conversions: one row per conversion: a web 'purchase' event ('web:' || event_id) or a store
-- 'purchase' event ('store:' || event_id). touchpoint_id is the touchpoint it happened in (the
-- web session holding the purchase event; the store purchase's own touchpoint) and
-- customer_key is that touchpoint's customer (null when the till captured no identifier).
-- converted_date is the business-time-zone date. revenue as staged, in currency (the
-- configured currency where the event had none); no conversion between currencies.
-- Parameters: $timezone, $currency.
-- Definition: docs/journeys.md ("Conversions").
create or replace table conversions as
with web_purchases as (
  select event_id, occurred_at, order_id, revenue, currency
  from events_web
  where event_type = 'purchase'
),

store_purchases as (
  select event_id, occurred_at, order_id, revenue, currency, store_id
  from events_store
  where event_type = 'purchase'
),

event_sessions as (
  select event_id, touchpoint_id from int_web_event_sessions
),

tracked_touchpoints as (
  select touchpoint_id, customer_key, channel from int_touchpoints
),

purchases as (
  select
    'web:' || web_purchases.event_id as conversion_id,
    'web' as source,
    web_purchases.occurred_at as converted_at,
    web_purchases.order_id,
    web_purchases.revenue,
    web_purchases.currency,
    cast(null as varchar) as store_id,
    event_sessions.touchpoint_id
  from web_purchases
  inner join event_sessions on event_sessions.event_id = web_purchases.event_id
  union all
  select
    'store:' || event_id as conversion_id,
    'store' as source,
    occurred_at as converted_at,
    order_id,
    revenue,
    currency,
    store_id,
    'store:' || event_id as touchpoint_id
  from store_purchases
)

select
  purchases.conversion_id,
  touchpoints.customer_key,
  purchases.converted_at,
  cast(timezone($timezone, purchases.converted_at) as date) as converted_date,
  purchases.source,
  purchases.order_id,
  cast(purchases.revenue as decimal(18, 4)) as revenue,
  coalesce(purchases.currency, $currency) as currency,
  purchases.touchpoint_id,
  touchpoints.channel as touchpoint_channel,
  purchases.store_id
from purchases
inner join tracked_touchpoints as touchpoints on touchpoints.touchpoint_id = purchases.touchpoint_id
