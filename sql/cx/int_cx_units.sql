-- int_cx_units: one row per unit a CX driver can expose (docs/cx-drivers.md, "Units and drivers").
-- An order unit is an order with a delivery: its exposure instant is delivered_at, and
--   delivery_late           = delivered after promised_at (null: no promise),
--   delivery_over_threshold = ordered → delivered took more than $delivery_threshold_minutes.
-- A ticket unit is a support ticket with a `created` event: its exposure instant is created_at, and
--   first_reply_over_sla    = the first agent reply came after $first_reply_sla_minutes (on the
--                             KPI clock, business hours when configured), or has not come and the
--                             ticket is older than that at the as-of instant (null: not yet due),
--   ticket_reopened         = reopened at least once.
-- exposure_date and month: of the exposure instant in the business time zone.
-- first_agent_reply_at and first_reply_due_at: a ticket's, from its KPI timeline.
-- customer_key: the stitched customer. An order's is its conversion's, else that of its delivery
-- events that carry identifiers; a ticket's is that of its events that carry identifiers, the
-- created event's first. null when none has one.
-- Reads the KPI stage's timelines (int_delivery_timelines, int_ticket_timelines) and the identity
-- and journeys tables. Parameters: $timezone, $delivery_threshold_minutes, $first_reply_sla_minutes.
create or replace temp table int_cx_units as
with order_customers as (
  select order_id, first(customer_key order by converted_at, conversion_id) as customer_key
  from conversions
  where order_id is not null and customer_key is not null
  group by order_id
),

delivery_customers as (
  select deliveries.order_id, first(customers.customer_key order by deliveries.occurred_at, deliveries.event_id) as customer_key
  from events_delivery as deliveries
  inner join int_event_customers as customers on customers.source = 'delivery' and customers.event_id = deliveries.event_id
  group by deliveries.order_id
),

ticket_customers as (
  select tickets.ticket_id,
    first(customers.customer_key order by tickets.event_type <> 'created', tickets.occurred_at, tickets.event_id) as customer_key
  from events_support as tickets
  inner join int_event_customers as customers on customers.source = 'support' and customers.event_id = tickets.event_id
  group by tickets.ticket_id
),

orders as (
  select
    'order' as unit,
    timelines.order_id as unit_id,
    timelines.order_id,
    null::varchar as ticket_id,
    coalesce(order_customers.customer_key, delivery_customers.customer_key) as customer_key,
    timelines.delivered_at as exposure_at,
    case when timelines.promised_at is not null then timelines.delivered_at > timelines.promised_at end as delivery_late,
    timelines.delivery_minutes > $delivery_threshold_minutes as delivery_over_threshold,
    null::timestamptz as first_agent_reply_at,
    null::timestamptz as first_reply_due_at,
    null::boolean as first_reply_over_sla,
    null::boolean as ticket_reopened
  from int_delivery_timelines as timelines
  left join order_customers on order_customers.order_id = timelines.order_id
  left join delivery_customers on delivery_customers.order_id = timelines.order_id
  where timelines.delivered_at is not null
),

tickets as (
  select
    'ticket' as unit,
    timelines.ticket_id as unit_id,
    null::varchar as order_id,
    timelines.ticket_id,
    ticket_customers.customer_key,
    timelines.created_at as exposure_at,
    null::boolean as delivery_late,
    null::boolean as delivery_over_threshold,
    timelines.first_agent_reply_at,
    timelines.first_reply_due_at,
    case
      when timelines.first_reply_minutes is not null then timelines.first_reply_minutes > $first_reply_sla_minutes
      when timelines.open_age_minutes > $first_reply_sla_minutes then true
    end as first_reply_over_sla,
    timelines.last_reopened_at is not null as ticket_reopened
  from int_ticket_timelines as timelines
  left join ticket_customers on ticket_customers.ticket_id = timelines.ticket_id
)

select *, cast(timezone($timezone, exposure_at) as date) as exposure_date, strftime(timezone($timezone, exposure_at), '%Y-%m') as month from orders
union all by name
select *, cast(timezone($timezone, exposure_at) as date) as exposure_date, strftime(timezone($timezone, exposure_at), '%Y-%m') as month from tickets
