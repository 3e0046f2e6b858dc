-- int_response_items: one row per metric × item (a ticket, an order or a review) that the
-- metric measures. status: 'done' (has a duration), 'open' (started, not finished at the as-of
-- instant) or 'failed' (a delivery that failed and was not delivered). start_date = the business
-- date of the starting event. dimension_1/segment_1 and dimension_2/segment_2 are the breakdowns
-- the metric is published by (a missing value is the segment '(none)'). is_over_threshold:
-- duration > threshold for done items, age at the as-of instant > threshold for open ones;
-- for delivery_on_time the duration is the lateness (delivered − promised) and the threshold is
-- the promise itself. Definitions: docs/kpis.md ("Response times", "Segments", "Open items").
-- Parameters: $first_reply_sla_minutes, $resolution_sla_minutes, $delivery_threshold_minutes,
-- $review_reply_sla_minutes.
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_response_items;

create or replace temp table int_response_items as
with tickets as (
  select
    ticket_id,
    created_at,
    created_date,
    channel,
    first_agent_reply_at,
    is_resolved,
    time_basis,
    first_reply_minutes,
    resolution_minutes,
    open_age_minutes
  from int_ticket_timelines
),

orders as (
  select
    order_id,
    ordered_at,
    ordered_date,
    promised_at,
    service,
    store_id,
    outcome,
    delivery_minutes,
    lateness_minutes,
    open_age_minutes,
    is_past_promise_at_as_of
  from int_delivery_timelines
),

reviews as (
  select
    review_id,
    reviewed_at,
    reviewed_date,
    platform,
    outcome,
    reply_minutes,
    open_age_minutes
  from int_review_timelines
),

first_replies as (
  select
    'support_first_reply' as metric,
    ticket_id as item_id,
    created_at as started_at,
    created_date as start_date,
    time_basis,
    'channel' as dimension_1,
    coalesce(channel, '(none)') as segment_1,
    cast(null as varchar) as dimension_2,
    cast(null as varchar) as segment_2,
    case when first_agent_reply_at is null then 'open' else 'done' end as status,
    first_reply_minutes as duration_minutes,
    case when first_agent_reply_at is null then open_age_minutes end as open_age_minutes,
    cast($first_reply_sla_minutes as double) as threshold_minutes,
    coalesce(first_reply_minutes, open_age_minutes) > $first_reply_sla_minutes as is_over_threshold
  from tickets
),

resolutions as (
  select
    'support_resolution' as metric,
    ticket_id as item_id,
    created_at as started_at,
    created_date as start_date,
    time_basis,
    'channel' as dimension_1,
    coalesce(channel, '(none)') as segment_1,
    cast(null as varchar) as dimension_2,
    cast(null as varchar) as segment_2,
    case when is_resolved then 'done' else 'open' end as status,
    resolution_minutes as duration_minutes,
    case when not is_resolved then open_age_minutes end as open_age_minutes,
    cast($resolution_sla_minutes as double) as threshold_minutes,
    coalesce(resolution_minutes, open_age_minutes) > $resolution_sla_minutes as is_over_threshold
  from tickets
),

delivery_times as (
  select
    'delivery_time' as metric,
    order_id as item_id,
    ordered_at as started_at,
    ordered_date as start_date,
    'calendar' as time_basis,
    'service' as dimension_1,
    coalesce(service, '(none)') as segment_1,
    'store' as dimension_2,
    coalesce(store_id, '(none)') as segment_2,
    case outcome when 'delivered' then 'done' when 'failed' then 'failed' else 'open' end as status,
    delivery_minutes as duration_minutes,
    case when outcome = 'open' then open_age_minutes end as open_age_minutes,
    cast($delivery_threshold_minutes as double) as threshold_minutes,
    case outcome
      when 'delivered' then delivery_minutes > $delivery_threshold_minutes
      when 'open' then open_age_minutes > $delivery_threshold_minutes
      else false
    end as is_over_threshold
  from orders
),

deliveries_against_promise as (
  select
    'delivery_on_time' as metric,
    order_id as item_id,
    ordered_at as started_at,
    ordered_date as start_date,
    'calendar' as time_basis,
    'service' as dimension_1,
    coalesce(service, '(none)') as segment_1,
    'store' as dimension_2,
    coalesce(store_id, '(none)') as segment_2,
    case outcome when 'delivered' then 'done' when 'failed' then 'failed' else 'open' end as status,
    lateness_minutes as duration_minutes,
    case when outcome = 'open' then open_age_minutes end as open_age_minutes,
    cast(null as double) as threshold_minutes,
    case outcome
      when 'delivered' then lateness_minutes > 0
      when 'open' then is_past_promise_at_as_of
      else false
    end as is_over_threshold
  from orders
  where promised_at is not null
),

review_replies as (
  select
    'review_reply' as metric,
    review_id as item_id,
    reviewed_at as started_at,
    reviewed_date as start_date,
    'calendar' as time_basis,
    'platform' as dimension_1,
    coalesce(platform, '(none)') as segment_1,
    cast(null as varchar) as dimension_2,
    cast(null as varchar) as segment_2,
    case outcome when 'replied' then 'done' else 'open' end as status,
    reply_minutes as duration_minutes,
    case when outcome = 'open' then open_age_minutes end as open_age_minutes,
    cast($review_reply_sla_minutes as double) as threshold_minutes,
    coalesce(reply_minutes, open_age_minutes) > $review_reply_sla_minutes as is_over_threshold
  from reviews
  where outcome <> 'invalid'
),

all_items as (
  select * from first_replies
  union all by name
  select * from resolutions
  union all by name
  select * from delivery_times
  union all by name
  select * from deliveries_against_promise
  union all by name
  select * from review_replies
)

select
  metric,
  item_id,
  started_at,
  start_date,
  time_basis,
  dimension_1,
  segment_1,
  dimension_2,
  segment_2,
  status,
  duration_minutes,
  open_age_minutes,
  threshold_minutes,
  is_over_threshold
from all_items
