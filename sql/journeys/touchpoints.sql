-- touchpoints: one row per touchpoint (int_touchpoints.sql) with its micro-moment and journey
-- phase. journey_phase, per customer and in (started_at, touchpoint_id) order: 'purchase' for
-- a touchpoint a conversion happened in; after the customer's first such touchpoint,
-- 'advocacy' when the customer's latest NPS answer at or before the touchpoint's start was a
-- promoter's (9–10), else 'retention'; before it (and for touchpoints without a customer),
-- 'consideration' when the micro-moment shows intent (do, go, buy), else 'awareness'.
-- conversions counts the conversions that happened in the touchpoint.
-- Definition: docs/journeys.md ("Micro-moments", "Journey phases").
create or replace table touchpoints as
-- Not materialised: three parts read it, and a materialised copy of every touchpoint cost more
-- than reading the columns each part needs from int_touchpoints again.
with tracked_touchpoints as not materialized (
  select
    touchpoint_id,
    customer_key,
    started_at,
    ended_at,
    started_date,
    source,
    channel,
    campaign,
    touchpoint_type,
    micro_moment,
    traffic_source,
    traffic_medium,
    referrer_host,
    landing_page_url,
    anonymous_id,
    device_type,
    store_id,
    ticket_id,
    support_channel,
    event_count
  from int_touchpoints
),

all_conversions as (
  select touchpoint_id, revenue from conversions
),

-- One answer per customer and instant, the last in (occurred_at, event_id) order: the as-of join
-- below would otherwise pick any of several answers given at the same instant.
nps_answers as (
  select
    event_customers.customer_key,
    surveys.occurred_at,
    arg_max(surveys.score >= 9, surveys.event_id) as is_promoter
  from events_survey as surveys
  inner join int_event_customers as event_customers
    on event_customers.source = 'survey'
    and event_customers.event_id = surveys.event_id
  where surveys.survey_type = 'nps'
  group by event_customers.customer_key, surveys.occurred_at
),

touchpoint_conversions as (
  select touchpoint_id, count(*) as conversions, sum(revenue) as revenue
  from all_conversions
  group by touchpoint_id
),

first_purchase_touchpoints as (
  select
    touchpoints.customer_key,
    min({'started_at': touchpoints.started_at, 'touchpoint_id': touchpoints.touchpoint_id}) as first_purchase
  from tracked_touchpoints as touchpoints
  inner join touchpoint_conversions on touchpoint_conversions.touchpoint_id = touchpoints.touchpoint_id
  where touchpoints.customer_key is not null
  group by touchpoints.customer_key
),

-- Only touchpoints after a customer's first purchase need the latest NPS answer.
post_purchase_touchpoints as (
  select touchpoints.touchpoint_id, touchpoints.customer_key, touchpoints.started_at
  from tracked_touchpoints as touchpoints
  inner join first_purchase_touchpoints on first_purchase_touchpoints.customer_key = touchpoints.customer_key
  where {'started_at': touchpoints.started_at, 'touchpoint_id': touchpoints.touchpoint_id} > first_purchase_touchpoints.first_purchase
),

latest_nps as (
  select post_purchase_touchpoints.touchpoint_id, nps_answers.is_promoter
  from post_purchase_touchpoints
  asof inner join nps_answers
    on nps_answers.customer_key = post_purchase_touchpoints.customer_key
    and nps_answers.occurred_at <= post_purchase_touchpoints.started_at
)

select
  touchpoints.touchpoint_id,
  touchpoints.customer_key,
  touchpoints.started_at,
  touchpoints.ended_at,
  touchpoints.started_date,
  touchpoints.source,
  touchpoints.channel,
  touchpoints.campaign,
  touchpoints.touchpoint_type,
  touchpoints.micro_moment,
  case
    when touchpoint_conversions.touchpoint_id is not null then 'purchase'
    when post_purchase_touchpoints.touchpoint_id is not null
      then case when coalesce(latest_nps.is_promoter, false) then 'advocacy' else 'retention' end
    when touchpoints.micro_moment in ('do', 'go', 'buy') then 'consideration'
    else 'awareness'
  end as journey_phase,
  coalesce(touchpoint_conversions.conversions, 0) as conversions,
  cast(coalesce(touchpoint_conversions.revenue, 0) as decimal(18, 4)) as revenue,
  touchpoints.traffic_source,
  touchpoints.traffic_medium,
  touchpoints.referrer_host,
  touchpoints.landing_page_url,
  touchpoints.anonymous_id,
  touchpoints.device_type,
  touchpoints.store_id,
  touchpoints.ticket_id,
  touchpoints.support_channel,
  touchpoints.event_count
from tracked_touchpoints as touchpoints
left join touchpoint_conversions on touchpoint_conversions.touchpoint_id = touchpoints.touchpoint_id
left join post_purchase_touchpoints on post_purchase_touchpoints.touchpoint_id = touchpoints.touchpoint_id
left join latest_nps on latest_nps.touchpoint_id = touchpoints.touchpoint_id
