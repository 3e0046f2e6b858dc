-- int_delivery_timelines: one row per order_id that has an `ordered` delivery event (events of
-- an order without one start nothing and are left out). ordered_at = the earliest `ordered`;
-- promised_at = from the earliest `ordered` event that carries one; service and store_id = the
-- ordered event's, else the first non-null on another event of the order; delivered_at = the earliest
-- `delivered` at or after ordered_at. outcome: 'delivered', else 'failed' (a `failed` event and
-- no delivery), else 'open'. Minutes are calendar minutes (end − start in seconds / 60).
-- Definitions: docs/kpis.md ("Deliveries", "Open items").
-- Parameters: $timezone.
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_delivery_timelines;

create or replace temp table int_delivery_timelines as
with delivery_events as (
  select
    order_id,
    event_id,
    occurred_at,
    event_type,
    promised_at,
    service,
    store_id
  from events_delivery
),

as_of as (
  select as_of_at from int_kpi_as_of
),

order_starts as (
  select
    order_id,
    min(occurred_at) filter (where event_type = 'ordered') as ordered_at,
    first(promised_at order by occurred_at, event_id)
      filter (where event_type = 'ordered' and promised_at is not null) as promised_at,
    first(service order by event_type <> 'ordered', occurred_at, event_id)
      filter (where service is not null) as service,
    first(store_id order by event_type <> 'ordered', occurred_at, event_id)
      filter (where store_id is not null) as store_id,
    bool_or(event_type = 'failed') as has_failed
  from delivery_events
  group by order_id
  having count(*) filter (where event_type = 'ordered') > 0
),

order_deliveries as (
  select
    order_starts.order_id,
    min(delivery_events.occurred_at) as delivered_at
  from order_starts
  inner join delivery_events on order_starts.order_id = delivery_events.order_id
  where delivery_events.event_type = 'delivered' and delivery_events.occurred_at >= order_starts.ordered_at
  group by order_starts.order_id
)

select
  order_starts.order_id,
  order_starts.ordered_at,
  cast(timezone($timezone, order_starts.ordered_at) as date) as ordered_date,
  order_starts.promised_at,
  order_starts.service,
  order_starts.store_id,
  order_deliveries.delivered_at,
  case
    when order_deliveries.delivered_at is not null then 'delivered'
    when order_starts.has_failed then 'failed'
    else 'open'
  end as outcome,
  (epoch_us(order_deliveries.delivered_at) - epoch_us(order_starts.ordered_at)) / 60e6 as delivery_minutes,
  (epoch_us(order_deliveries.delivered_at) - epoch_us(order_starts.promised_at)) / 60e6 as lateness_minutes,
  (epoch_us(as_of.as_of_at) - epoch_us(order_starts.ordered_at)) / 60e6 as open_age_minutes,
  as_of.as_of_at > order_starts.promised_at as is_past_promise_at_as_of
from order_starts
left join order_deliveries on order_starts.order_id = order_deliveries.order_id
cross join as_of
