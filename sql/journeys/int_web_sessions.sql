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
with landing_events as (
  select event_id, page_url, referrer, utm_source, utm_medium, utm_campaign, device_type
  from events_web
),

moment_rules as (
  select priority, event_type, page_pattern, micro_moment from micro_moment_rules where touchpoint_source = 'web'
),

moments as (
  select micro_moment, strength from micro_moments
),

-- An event's micro-moment depends on its event_type and, for the types some rule gives a page
-- pattern, on its page: its key (int_web_event_sessions.url_key). It is worked out once per
-- key, not per event.
key_moments as (
  select
    keys.event_type,
    keys.url_key,
    arg_min(moment_rules.micro_moment, moment_rules.priority) as micro_moment
  from (select distinct event_type, url_key from int_web_event_sessions) as keys
  inner join moment_rules
    on moment_rules.event_type = keys.event_type
    and (moment_rules.page_pattern is null
      or lower(regexp_extract(keys.url_key, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)) like moment_rules.page_pattern)
  group by keys.event_type, keys.url_key
),

session_events as (
  select
    sessions.touchpoint_id,
    sessions.event_id,
    sessions.occurred_at,
    sessions.anonymous_id,
    sessions.device_position,
    sessions.event_type,
    sessions.customer_key,
    key_moments.micro_moment,
    moments.strength as moment_strength
  from int_web_event_sessions as sessions
  left join key_moments on key_moments.event_type = sessions.event_type and key_moments.url_key is not distinct from sessions.url_key
  left join moments on moments.micro_moment = key_moments.micro_moment
),

session_summaries as (
  select
    touchpoint_id,
    -- one device per session, so min is its id; any_value over text keeps a state DuckDB does
    -- not spill (at 30 M events this aggregate ran out of memory at the 2GB default)
    min(anonymous_id) as anonymous_id,
    min(occurred_at) as started_at,
    max(occurred_at) as ended_at,
    count(*) as event_count,
    -- latest in (occurred_at, event_id) order, as events are ordered everywhere: a session's
    -- events are one device's, and device_position is that order
    arg_max(customer_key, device_position) filter (where customer_key is not null) as customer_key,
    arg_max(micro_moment, moment_strength) filter (where micro_moment is not null) as micro_moment,
    count(*) filter (where event_type = 'purchase') as purchases
  from session_events
  group by touchpoint_id
),

session_starts as (
  select event_id, touchpoint_id from int_web_event_sessions where is_session_start
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
