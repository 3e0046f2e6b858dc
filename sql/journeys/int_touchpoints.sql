-- int_touchpoints: one row per touchpoint (touchpoint_id): a web session ('web:' || its first
-- event_id), a store visit or purchase ('store:' || event_id; each such event is a touchpoint of
-- its own), a support ticket ('support:' || ticket_id, from its first 'created' event).
-- source is the system (web | store | support); channel: the session's channel
-- (int_traffic_channels.sql), 'Store', 'Support'. customer_key is null for a touchpoint
-- nobody could be identified at (a store visit without a card); such touchpoints join no
-- journey. A ticket's customer is that of its created event, else of its earliest event that
-- has one.
-- Parameters: $timezone (business time zone, for started_date).
-- Definition: docs/journeys.md ("Touchpoints").
create or replace table int_touchpoints as
with sessions as (
  select
    touchpoint_id,
    anonymous_id,
    customer_key,
    started_at,
    ended_at,
    started_date,
    event_count,
    micro_moment,
    coalesce(utm_source, '') as utm_source_key,
    coalesce(utm_medium, '') as utm_medium_key,
    coalesce(utm_campaign, '') as utm_campaign_key,
    coalesce(referrer_host, '') as referrer_host_key,
    referrer_host,
    landing_page_url,
    device_type
  from int_web_sessions
),

traffic_channels as (
  select
    utm_source_key,
    utm_medium_key,
    utm_campaign_key,
    referrer_host_key,
    traffic_source,
    traffic_medium,
    campaign,
    channel
  from int_traffic_channels
),

store_events as (
  select event_id, occurred_at, store_id, event_type
  from events_store
  where event_type in ('visit', 'purchase')
),

support_events as (
  select event_id, occurred_at, ticket_id, event_type, channel
  from events_support
),

event_customers as (
  select source, event_id, customer_key from int_event_customers
),

moment_rules as (
  select priority, touchpoint_source, event_type, micro_moment
  from micro_moment_rules
  where page_pattern is null
),

web_touchpoints as (
  select
    sessions.touchpoint_id,
    sessions.customer_key,
    sessions.started_at,
    sessions.ended_at,
    sessions.started_date,
    'web' as source,
    traffic_channels.channel,
    traffic_channels.campaign,
    'web_session' as touchpoint_type,
    sessions.micro_moment,
    traffic_channels.traffic_source,
    traffic_channels.traffic_medium,
    sessions.referrer_host,
    sessions.landing_page_url,
    sessions.anonymous_id,
    sessions.device_type,
    cast(null as varchar) as store_id,
    cast(null as varchar) as ticket_id,
    cast(null as varchar) as support_channel,
    sessions.event_count
  from sessions
  inner join traffic_channels
    on traffic_channels.utm_source_key = sessions.utm_source_key
    and traffic_channels.utm_medium_key = sessions.utm_medium_key
    and traffic_channels.utm_campaign_key = sessions.utm_campaign_key
    and traffic_channels.referrer_host_key = sessions.referrer_host_key
),

store_moments as (
  select event_type, arg_min(micro_moment, priority) as micro_moment
  from moment_rules
  where touchpoint_source = 'store'
  group by event_type
),

store_touchpoints as (
  select
    'store:' || store_events.event_id as touchpoint_id,
    event_customers.customer_key,
    store_events.occurred_at as started_at,
    store_events.occurred_at as ended_at,
    cast(timezone($timezone, store_events.occurred_at) as date) as started_date,
    'store' as source,
    'Store' as channel,
    cast(null as varchar) as campaign,
    'store_' || store_events.event_type as touchpoint_type,
    store_moments.micro_moment,
    cast(null as varchar) as traffic_source,
    cast(null as varchar) as traffic_medium,
    cast(null as varchar) as referrer_host,
    cast(null as varchar) as landing_page_url,
    cast(null as varchar) as anonymous_id,
    cast(null as varchar) as device_type,
    store_events.store_id,
    cast(null as varchar) as ticket_id,
    cast(null as varchar) as support_channel,
    1 as event_count
  from store_events
  left join event_customers
    on event_customers.source = 'store'
    and event_customers.event_id = store_events.event_id
  left join store_moments on store_moments.event_type = store_events.event_type
),

ticket_events as (
  select
    support_events.ticket_id,
    support_events.event_id,
    support_events.occurred_at,
    support_events.event_type,
    support_events.channel,
    event_customers.customer_key
  from support_events
  left join event_customers
    on event_customers.source = 'support'
    and event_customers.event_id = support_events.event_id
),

ticket_customers as (
  select
    ticket_id,
    arg_min(customer_key, {'occurred_at': occurred_at, 'event_id': event_id}) filter (where customer_key is not null) as earliest_customer_key,
    count(*) as event_count,
    max(occurred_at) as last_event_at
  from ticket_events
  group by ticket_id
),

ticket_openings as (
  select
    ticket_id,
    arg_min(event_id, {'occurred_at': occurred_at, 'event_id': event_id}) as event_id,
    min(occurred_at) as opened_at,
    arg_min(channel, {'occurred_at': occurred_at, 'event_id': event_id}) as support_channel,
    arg_min(customer_key, {'occurred_at': occurred_at, 'event_id': event_id}) as opening_customer_key
  from ticket_events
  where event_type = 'created'
  group by ticket_id
),

support_moments as (
  select arg_min(micro_moment, priority) as micro_moment
  from moment_rules
  where touchpoint_source = 'support' and event_type = 'created'
),

support_touchpoints as (
  select
    'support:' || ticket_openings.ticket_id as touchpoint_id,
    coalesce(ticket_openings.opening_customer_key, ticket_customers.earliest_customer_key) as customer_key,
    ticket_openings.opened_at as started_at,
    ticket_customers.last_event_at as ended_at,
    cast(timezone($timezone, ticket_openings.opened_at) as date) as started_date,
    'support' as source,
    'Support' as channel,
    cast(null as varchar) as campaign,
    'support_ticket' as touchpoint_type,
    support_moments.micro_moment,
    cast(null as varchar) as traffic_source,
    cast(null as varchar) as traffic_medium,
    cast(null as varchar) as referrer_host,
    cast(null as varchar) as landing_page_url,
    cast(null as varchar) as anonymous_id,
    cast(null as varchar) as device_type,
    cast(null as varchar) as store_id,
    ticket_openings.ticket_id,
    ticket_openings.support_channel,
    ticket_customers.event_count
  from ticket_openings
  inner join ticket_customers on ticket_customers.ticket_id = ticket_openings.ticket_id
  cross join support_moments
)

select * from web_touchpoints
union all by name
select * from store_touchpoints
union all by name
select * from support_touchpoints
