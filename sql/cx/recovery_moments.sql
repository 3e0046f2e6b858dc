-- recovery_moments: one row per breach (docs/cx-drivers.md, "Recovery"):
--   delivery_late         an order delivered after its promise; breach_at = delivered_at
--   first_reply_over_sla  a ticket whose first agent reply was late or has not come;
--                         breach_at = when the reply fell due (first_reply_due_at, on the
--                         KPI clock: business hours when configured); that late reply itself
--                         recovers nothing, a later reply on the ticket does
--   review_negative       a review rated 1 or 2; breach_at = the review
--   detractor             an NPS response of 0–6; breach_at = the response
-- customer_key: the order's or ticket's customer (int_cx_units); a review's, its order's; a
-- response's, its own event's, else its ticket's, else its order's. null when unknown.
-- The recovery is the first action in $actions at or after breach_at and within $window_days:
--   agent_reply      an agent reply on the breach's ticket or on any ticket of its customer
--   review_reply     the business's reply to the negative review (replied_at)
--   coupon_redeemed  a store coupon_redeemed event of the customer
-- repurchased_90d: the customer bought (a conversion of another order) within 90 days after
-- breach_at; null without a customer or when the 90 days reach past the as-of instant.
-- Parameters: $window_days, $actions (varchar[]).
create or replace table recovery_moments as
with as_of as (
  select as_of_at from int_kpi_as_of
),

order_units as (
  select order_id, customer_key from int_cx_units where unit = 'order'
),

ticket_units as (
  select ticket_id, customer_key from int_cx_units where unit = 'ticket'
),

breaches as (
  select 'delivery_late' as breach_type, order_id as subject_id, customer_key, exposure_at as breach_at, order_id, null::varchar as ticket_id,
    null::varchar as review_id, null::timestamptz as late_reply_at
  from int_cx_units
  where unit = 'order' and delivery_late
  union all
  -- the late first reply itself is the breach, not its recovery
  select 'first_reply_over_sla', ticket_id, customer_key, first_reply_due_at, null, ticket_id, null, first_agent_reply_at
  from int_cx_units
  where unit = 'ticket' and first_reply_over_sla
  union all
  select 'review_negative', reviews.event_id, order_units.customer_key, reviews.occurred_at, reviews.order_id, null, reviews.event_id, null
  from events_review as reviews
  left join order_units on order_units.order_id = reviews.order_id
  where reviews.rating <= 2
  union all
  select 'detractor', responses.event_id,
    coalesce(own.customer_key, ticket_units.customer_key, order_units.customer_key),
    responses.occurred_at, responses.order_id, responses.ticket_id, null, null
  from events_survey as responses
  left join int_event_customers as own on own.source = 'survey' and own.event_id = responses.event_id
  left join ticket_units on ticket_units.ticket_id = responses.ticket_id
  left join order_units on order_units.order_id = responses.order_id
  where responses.survey_type = 'nps' and responses.score <= 6
),

ticket_replies as (
  select replies.ticket_id, replies.event_id, replies.occurred_at, ticket_units.customer_key
  from events_support as replies
  left join ticket_units on ticket_units.ticket_id = replies.ticket_id
  where replies.event_type = 'agent_reply'
),

coupons as (
  select customers.customer_key, coupons.occurred_at
  from events_store as coupons
  inner join int_event_customers as customers on customers.source = 'store' and customers.event_id = coupons.event_id
  where coupons.event_type = 'coupon_redeemed'
),

actions as (
  -- on the breach's own ticket, and on any ticket of its customer: two equi-joins
  select breaches.breach_type, breaches.subject_id, 'agent_reply' as recovery_type, ticket_replies.occurred_at as recovery_at
  from breaches
  inner join ticket_replies on ticket_replies.ticket_id = breaches.ticket_id
  where ticket_replies.occurred_at >= breaches.breach_at
    and not coalesce(ticket_replies.ticket_id = breaches.ticket_id and ticket_replies.occurred_at <= breaches.late_reply_at, false)
  union all
  select breaches.breach_type, breaches.subject_id, 'agent_reply' as recovery_type, ticket_replies.occurred_at as recovery_at
  from breaches
  inner join ticket_replies on ticket_replies.customer_key = breaches.customer_key
  where ticket_replies.occurred_at >= breaches.breach_at
    and not coalesce(ticket_replies.ticket_id = breaches.ticket_id and ticket_replies.occurred_at <= breaches.late_reply_at, false)
  union all
  select breaches.breach_type, breaches.subject_id, 'review_reply', reviews.replied_at
  from breaches
  inner join events_review as reviews on reviews.event_id = breaches.review_id
  where reviews.replied_at >= breaches.breach_at
  union all
  select breaches.breach_type, breaches.subject_id, 'coupon_redeemed', coupons.occurred_at
  from breaches
  inner join coupons on coupons.customer_key = breaches.customer_key
  where coupons.occurred_at >= breaches.breach_at
),

first_actions as (
  select breach_type, subject_id, arg_min(recovery_type, (recovery_at, recovery_type)) as recovery_type, min(recovery_at) as recovery_at
  from actions
  inner join breaches using (breach_type, subject_id)
  where list_contains(cast($actions as varchar[]), recovery_type)
    and recovery_at <= breaches.breach_at + to_days($window_days::integer)
  group by breach_type, subject_id
)


select
  breaches.breach_type || ':' || breaches.subject_id as breach_id,
  breaches.customer_key,
  breaches.breach_type,
  breaches.breach_at,
  breaches.order_id,
  breaches.ticket_id,
  first_actions.recovery_at is not null as recovered,
  first_actions.recovery_type,
  first_actions.recovery_at,
  (epoch_us(first_actions.recovery_at) - epoch_us(breaches.breach_at)) / 3600e6 as hours_to_recovery,
  cx_repurchased_90d(breaches.customer_key, breaches.breach_at, breaches.order_id, as_of.as_of_at) as repurchased_90d
from breaches
cross join as_of
left join first_actions using (breach_type, subject_id)
order by breaches.breach_at, breach_id
