-- int_web_event_sessions: one row per web event with the session (touchpoint) it belongs to.
-- A session is the events of one device (anonymous_id) in (occurred_at, event_id) order; a gap
-- of the session timeout or more since the previous event starts a new one (exactly the
-- timeout starts a new one). touchpoint_id = 'web:' || the session's first event_id, stable
-- across runs as long as that event is. device_position: the event's place in its device's
-- order (1, 2, …), so later models order a session's events by one number. Each event also
-- carries what int_web_sessions groups: its event_type, url_key (its page, for the event
-- types some micro-moment rule matches by page; else null) and customer_key (its customer,
-- int_event_customers). Taken through the sessionisation sort, which spills, rather than
-- joined back onto every event by event_id: at 30 M events those joins held most of
-- int_web_sessions' memory (at the edge of the 2GB default), and the two models took 93.5 s
-- against 75.0 s now, output identical.
-- Parameters: $session_timeout_us (config journeys.sessionTimeoutMinutes in microseconds).
-- Definition: docs/journeys.md ("Sessions").
-- Temporary: only this stage's next models read it (int_web_sessions, conversions), in the same
-- build; kept, a night had to compare and rewrite the rows of every changed device's events in
-- a table of one row per web event. The drop removes the kept table of earlier versions.
drop table if exists int_web_event_sessions;

create or replace temp table int_web_event_sessions as
with pattern_types as (
  select distinct event_type from micro_moment_rules where touchpoint_source = 'web' and page_pattern is not null
),

web_events as (
  select
    events_web.event_id,
    events_web.anonymous_id,
    events_web.occurred_at,
    events_web.event_type,
    case when pattern_types.event_type is not null then events_web.page_url end as url_key,
    event_customers.customer_key
  from events_web
  left join pattern_types on pattern_types.event_type = events_web.event_type
  left join int_event_customers as event_customers on event_customers.source = 'web' and event_customers.event_id = events_web.event_id
),

events_with_previous as (
  select
    event_id,
    anonymous_id,
    occurred_at,
    event_type,
    url_key,
    customer_key,
    lag(occurred_at) over device_order as previous_at
  from web_events
  window device_order as (partition by anonymous_id order by occurred_at, event_id)
),

session_starts as (
  select
    event_id,
    anonymous_id,
    occurred_at,
    event_type,
    url_key,
    customer_key,
    previous_at is null
      or epoch_us(occurred_at) - epoch_us(previous_at) >= cast($session_timeout_us as bigint) as is_session_start
  from events_with_previous
)

select
  event_id,
  anonymous_id,
  occurred_at,
  is_session_start,
  event_type,
  url_key,
  customer_key,
  row_number() over device_order as device_position,
  'web:' || last_value(case when is_session_start then event_id end ignore nulls) over (
    device_order rows between unbounded preceding and current row
  ) as touchpoint_id
from session_starts
window device_order as (partition by anonymous_id order by occurred_at, event_id)
