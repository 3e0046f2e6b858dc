-- The web devices, store events and support tickets an incremental journeys build recomputes:
-- those with an event of a new file (delta_files) or an event whose customer the identity
-- stage changed (delta_identity_changed_events). A device's sessions are rebuilt from a session
-- boundary no changed event can reach back over (slice_start), a store visit or purchase is a
-- touchpoint of its own, a ticket's touchpoint spans all its events; so these are closed units
-- that can be rebuilt alone.
-- Parameters: $session_timeout_us (config journeys.sessionTimeoutMinutes in microseconds).
-- Definition: docs/journeys.md ("Incremental refresh").
create or replace temp table delta_journey_events as
select 'web' as source, event_id from events_web where file_id in (select file_id from delta_files)
union
select 'store' as source, event_id from events_store where file_id in (select file_id from delta_files)
union
select 'support' as source, event_id from events_support where file_id in (select file_id from delta_files)
union
select 'survey' as source, event_id from events_survey where file_id in (select file_id from delta_files)
union
select 'delivery' as source, event_id from events_delivery where file_id in (select file_id from delta_files)
union
select source, event_id from delta_identity_changed_events;

-- A device is sessionised again from slice_start on: the earlier of its first changed event and
-- the start of its first kept session that ended no more than the session timeout before that
-- event. Sessions that ended earlier cannot change: every changed event comes at least a timeout
-- after them, and the event before slice_start ends one of them, so the device's first event
-- from slice_start on starts a session in a full build too. slice_start is therefore a session
-- boundary, and no kept session spans it.
create or replace temp table delta_journey_devices as
with changed_devices as (
  select events_web.anonymous_id, min(events_web.occurred_at) as first_changed_at
  from events_web
  semi join delta_journey_events as changed
    on changed.source = 'web' and changed.event_id = events_web.event_id
  group by events_web.anonymous_id
),

reachable_sessions as (
  select sessions.anonymous_id, min(sessions.started_at) as started_at
  from int_web_sessions as sessions
  inner join changed_devices on changed_devices.anonymous_id = sessions.anonymous_id
  where epoch_us(sessions.ended_at) >= epoch_us(changed_devices.first_changed_at) - cast($session_timeout_us as bigint)
  group by sessions.anonymous_id
)

select
  changed_devices.anonymous_id,
  least(changed_devices.first_changed_at, coalesce(reachable_sessions.started_at, changed_devices.first_changed_at)) as slice_start
from changed_devices
left join reachable_sessions on reachable_sessions.anonymous_id = changed_devices.anonymous_id;

create or replace temp table delta_journey_store_events as
select distinct events_store.event_id
from events_store
semi join delta_journey_events as changed
  on changed.source = 'store' and changed.event_id = events_store.event_id;

create or replace temp table delta_journey_tickets as
select distinct events_support.ticket_id
from events_support
semi join delta_journey_events as changed
  on changed.source = 'support' and changed.event_id = events_support.event_id;
