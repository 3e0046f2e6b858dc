-- The web devices, store events and support tickets an incremental journeys build recomputes:
-- those with an event of a new file (delta_files) or an event whose customer the identity
-- stage changed (delta_identity_changed_events). Sessions are built per device over
-- all its events, a store visit or purchase is a touchpoint of its own, a ticket's touchpoint
-- spans all its events; so these are closed units that can be rebuilt alone.
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

create or replace temp table delta_journey_devices as
select distinct events_web.anonymous_id
from events_web
semi join delta_journey_events as changed
  on changed.source = 'web' and changed.event_id = events_web.event_id;

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
