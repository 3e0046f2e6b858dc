-- The kept rows the entity models' rebuild replaces (src/journeys/journeys-stage.ts merges them):
-- the touchpoints of the recomputed devices from their slice_start on, of the recomputed store
-- events and tickets (delta_removed_touchpoints), the conversions on those touchpoints
-- (delta_removed_conversions), and the web sessions of the recomputed devices from slice_start
-- on (delta_sliced_web_session_ids). Read before the merges change the tables.
-- Definition: docs/journeys.md ("Incremental refresh").
-- one select per source rather than an OR of three IN lists, which DuckDB cannot hash-join
-- (a device's rows from its slice's start on: a semi join, which DuckDB hashes; an IN with a
-- correlated lookup of slice_start took several times as long, an EXISTS longer still)
create or replace temp table delta_removed_touchpoints as
select kept.touchpoint_id, kept.customer_key
from int_touchpoints as kept
semi join delta_journey_devices as devices
  on devices.anonymous_id = kept.anonymous_id and kept.started_at >= devices.slice_start
where kept.source = 'web'
union all
select touchpoint_id, customer_key
from int_touchpoints
where source = 'store' and touchpoint_id in (select 'store:' || event_id from delta_journey_store_events)
union all
select touchpoint_id, customer_key
from int_touchpoints
where source = 'support' and ticket_id in (select ticket_id from delta_journey_tickets);

create or replace temp table delta_removed_conversions as
select conversion_id, customer_key, touchpoint_id
from conversions
where touchpoint_id in (select touchpoint_id from delta_removed_touchpoints);

create or replace temp table delta_sliced_web_session_ids as
select kept.touchpoint_id
from int_web_sessions as kept
semi join delta_journey_devices as devices
  on devices.anonymous_id = kept.anonymous_id and kept.started_at >= devices.slice_start;
