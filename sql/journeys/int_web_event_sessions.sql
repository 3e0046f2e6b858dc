-- int_web_event_sessions: one row per web event with the session (touchpoint) it belongs to.
-- A session is the events of one device (anonymous_id) in (occurred_at, event_id) order; a gap
-- of the session timeout or more since the previous event starts a new one (exactly the
-- timeout starts a new one). touchpoint_id = 'web:' || the session's first event_id, stable
-- across runs as long as that event is. device_position: the event's place in its device's
-- order (1, 2, …), so later models order a session's events by one number.
-- Parameters: $session_timeout_us (config journeys.sessionTimeoutMinutes in microseconds).
-- Definition: docs/journeys.md ("Sessions").
-- Temporary: only this stage's next models read it (int_web_sessions, conversions), in the same
-- build; kept, a night had to compare and rewrite the rows of every changed device's events in
-- a table of one row per web event. The drop removes the kept table of earlier versions.
drop table if exists int_web_event_sessions;

create or replace temp table int_web_event_sessions as
with web_events as (
  select event_id, anonymous_id, occurred_at
  from events_web
),

events_with_previous as (
  select
    event_id,
    anonymous_id,
    occurred_at,
    lag(occurred_at) over device_order as previous_at
  from web_events
  window device_order as (partition by anonymous_id order by occurred_at, event_id)
),

session_starts as (
  select
    event_id,
    anonymous_id,
    occurred_at,
    previous_at is null
      or epoch_us(occurred_at) - epoch_us(previous_at) >= cast($session_timeout_us as bigint) as is_session_start
  from events_with_previous
)

select
  event_id,
  anonymous_id,
  occurred_at,
  is_session_start,
  row_number() over device_order as device_position,
  'web:' || last_value(case when is_session_start then event_id end ignore nulls) over (
    device_order rows between unbounded preceding and current row
  ) as touchpoint_id
from session_starts
window device_order as (partition by anonymous_id order by occurred_at, event_id)
