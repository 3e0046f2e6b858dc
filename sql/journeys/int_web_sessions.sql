-- int_web_sessions: one row per web session (touchpoint_id, see int_web_event_sessions.sql)
-- with its span, its customer, its strongest micro-moment and the traffic of its first event.
-- customer_key: the customer of the session's latest event that has one (all events of a
-- device have the device's customer, except on a shared device, where only events with a
-- login or e-mail have one). Traffic of the first event: utm_* from the columns, else from the page_url query
-- string; referrer_host is the referrer's host without 'www.', null when the referrer is on
-- the landing page's own host. int_traffic_channels.sql turns these into a channel.
-- Parameters: $timezone (business time zone, for started_date).
-- Definition: docs/journeys.md ("Sessions", "Channels", "Micro-moments").
create or replace table int_web_sessions as
with event_sessions as (
  select
    int_web_event_sessions.event_id,
    int_web_event_sessions.touchpoint_id,
    int_web_event_sessions.anonymous_id,
    int_web_event_sessions.occurred_at,
    events_web.event_type,
    events_web.page_url,
    int_web_event_sessions.is_session_start
  from int_web_event_sessions
  inner join events_web on events_web.event_id = int_web_event_sessions.event_id
),

landing_events as (
  select event_id, page_url, referrer, utm_source, utm_medium, utm_campaign, device_type
  from events_web
),

event_customers as (
  select event_id, customer_key from int_event_customers where source = 'web'
),

moment_rules as (
  select priority, event_type, page_pattern, micro_moment from micro_moment_rules where touchpoint_source = 'web'
),

moments as (
  select micro_moment, strength from micro_moments
),

-- An event's micro-moment depends on its event_type and, for the types some rule gives a page
-- pattern, on its page. So it is worked out once per such (event_type, page_url) key, not per
-- event; the page path is only parsed for those keys.
moment_keys as (
  select distinct
    event_type,
    case when event_type in (select event_type from moment_rules where page_pattern is not null) then page_url end as url_key
  from event_sessions
),

moment_key_paths as (
  select
    event_type,
    url_key,
    lower(regexp_extract(url_key, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)) as page_path
  from moment_keys
),

key_moments as (
  select
    moment_key_paths.event_type,
    coalesce(moment_key_paths.url_key, '') as url_key,
    arg_min(moment_rules.micro_moment, moment_rules.priority) as micro_moment
  from moment_key_paths
  inner join moment_rules
    on moment_rules.event_type = moment_key_paths.event_type
    and (moment_rules.page_pattern is null or moment_key_paths.page_path like moment_rules.page_pattern)
  group by moment_key_paths.event_type, coalesce(moment_key_paths.url_key, '')
),

pattern_types as (
  select distinct event_type from moment_rules where page_pattern is not null
),

session_events as (
  select
    event_sessions.touchpoint_id,
    event_sessions.event_id,
    event_sessions.occurred_at,
    event_sessions.anonymous_id,
    event_sessions.event_type,
    event_customers.customer_key,
    key_moments.micro_moment,
    moments.strength as moment_strength
  from event_sessions
  left join pattern_types on pattern_types.event_type = event_sessions.event_type
  left join event_customers on event_customers.event_id = event_sessions.event_id
  left join key_moments
    on key_moments.event_type = event_sessions.event_type
    and key_moments.url_key = case when pattern_types.event_type is not null then coalesce(event_sessions.page_url, '') else '' end
  left join moments on moments.micro_moment = key_moments.micro_moment
),

session_summaries as (
  select
    touchpoint_id,
    any_value(anonymous_id) as anonymous_id,
    min(occurred_at) as started_at,
    max(occurred_at) as ended_at,
    count(*) as event_count,
    -- latest in (occurred_at, event_id) order, as events are ordered everywhere
    arg_max(customer_key, (occurred_at, event_id)) filter (where customer_key is not null) as customer_key,
    arg_max(micro_moment, moment_strength) filter (where micro_moment is not null) as micro_moment,
    count(*) filter (where event_type = 'purchase') as purchases
  from session_events
  group by touchpoint_id
),

session_starts as (
  select event_id, touchpoint_id from event_sessions where is_session_start
),

first_events as (
  select
    session_starts.touchpoint_id,
    landing_events.page_url,
    landing_events.device_type,
    nullif(trim(coalesce(landing_events.utm_source, url_decode(regexp_extract(landing_events.page_url, '[?&]utm_source=([^&#]*)', 1)))), '') as utm_source,
    nullif(trim(coalesce(landing_events.utm_medium, url_decode(regexp_extract(landing_events.page_url, '[?&]utm_medium=([^&#]*)', 1)))), '') as utm_medium,
    nullif(trim(coalesce(landing_events.utm_campaign, url_decode(regexp_extract(landing_events.page_url, '[?&]utm_campaign=([^&#]*)', 1)))), '') as utm_campaign,
    nullif(lower(regexp_extract(landing_events.referrer, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:[^@/?#]*@)?([^/?#:]+)', 1)), '') as referrer_full_host,
    nullif(lower(regexp_extract(landing_events.page_url, '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?([^/?#:]+)', 1)), '') as page_host
  from session_starts
  inner join landing_events on landing_events.event_id = session_starts.event_id
),

first_event_referrers as (
  select
    touchpoint_id,
    page_url,
    device_type,
    utm_source,
    utm_medium,
    utm_campaign,
    case
      when referrer_full_host is null then null
      when regexp_replace(referrer_full_host, '^www\.', '') = regexp_replace(coalesce(page_host, ''), '^www\.', '') then null
      else regexp_replace(referrer_full_host, '^www\.', '')
    end as referrer_host
  from first_events
)

select
  session_summaries.touchpoint_id,
  session_summaries.anonymous_id,
  session_summaries.customer_key,
  session_summaries.started_at,
  session_summaries.ended_at,
  cast(timezone($timezone, session_summaries.started_at) as date) as started_date,
  session_summaries.event_count,
  session_summaries.purchases,
  session_summaries.micro_moment,
  first_event_referrers.utm_source,
  first_event_referrers.utm_medium,
  first_event_referrers.utm_campaign,
  first_event_referrers.referrer_host,
  first_event_referrers.page_url as landing_page_url,
  first_event_referrers.device_type
from session_summaries
inner join first_event_referrers on first_event_referrers.touchpoint_id = session_summaries.touchpoint_id
