-- Merges the rebuilt sessions, touchpoints and conversions of the recomputed devices, store
-- events and tickets, and collects the customers whose journeys must be rebuilt
-- (delta_journey_customers): every customer of a replaced or new touchpoint or conversion,
-- every customer the identity stage recomputed, and the customer of every changed event (a
-- new NPS answer changes its customer's touchpoints).
-- The large tables are merged by changed rows only: a rebuilt row equal to the kept one (compared
-- whole, NULLs equal) is neither deleted nor inserted again. Most rebuilt rows are unchanged, and
-- writing fewer rows makes the merge and DuckDB's next checkpoint cheaper (docs/operations.md).
-- Definition: docs/journeys.md ("Incremental refresh").
-- one select per source rather than an OR of three IN lists, which DuckDB cannot hash-join
create or replace temp table delta_removed_touchpoints as
select touchpoint_id, customer_key
from int_touchpoints
where source = 'web'
  and anonymous_id in (select anonymous_id from delta_journey_devices)
  and started_at >= (select d.slice_start from delta_journey_devices as d where d.anonymous_id = int_touchpoints.anonymous_id)
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

-- A device's sessions are rebuilt from its slice_start on; only rows that differ are deleted and
-- inserted, as fewer written rows make the merge and DuckDB's next checkpoint cheaper. Rows are
-- compared whole. The kept rows from slice_start on are found once per table (an IN plus a
-- correlated lookup rather than an EXISTS with a range condition, which DuckDB ran about four
-- times slower). (The rebuilt event → session rows, delta_int_web_event_sessions, have no kept
-- table to merge into: int_web_event_sessions.sql.)
create or replace temp table delta_sliced_web_session_ids as
select kept.touchpoint_id
from int_web_sessions as kept
where kept.anonymous_id in (select anonymous_id from delta_journey_devices)
  and kept.started_at >= (select d.slice_start from delta_journey_devices as d where d.anonymous_id = kept.anonymous_id);

create or replace temp table delta_unchanged_web_sessions as
select kept.touchpoint_id
from int_web_sessions as kept
semi join delta_sliced_web_session_ids as sliced on sliced.touchpoint_id = kept.touchpoint_id
semi join delta_int_web_sessions as rebuilt
  on rebuilt.touchpoint_id = kept.touchpoint_id and rebuilt is not distinct from kept;

delete from int_web_sessions
where touchpoint_id in (
  select sliced.touchpoint_id
  from delta_sliced_web_session_ids as sliced
  anti join delta_unchanged_web_sessions as unchanged on unchanged.touchpoint_id = sliced.touchpoint_id
);

insert into int_web_sessions
select rebuilt.*
from delta_int_web_sessions as rebuilt
anti join delta_unchanged_web_sessions as unchanged on unchanged.touchpoint_id = rebuilt.touchpoint_id;

drop table delta_sliced_web_session_ids;
drop table delta_unchanged_web_sessions;

-- a lookup of distinct traffic; a combination no session uses any more is harmless
insert into int_traffic_channels
select * from delta_int_traffic_channels as delta
where not exists (
  select 1 from int_traffic_channels as known
  where known.utm_source_key = delta.utm_source_key
    and known.utm_medium_key = delta.utm_medium_key
    and known.utm_campaign_key = delta.utm_campaign_key
    and known.referrer_host_key = delta.referrer_host_key
);

create or replace temp table delta_unchanged_touchpoints as
select kept.touchpoint_id
from int_touchpoints as kept
semi join delta_int_touchpoints as rebuilt
  on rebuilt.touchpoint_id = kept.touchpoint_id and rebuilt is not distinct from kept
where kept.touchpoint_id in (select touchpoint_id from delta_removed_touchpoints);

delete from int_touchpoints as kept
where (kept.touchpoint_id in (select touchpoint_id from delta_removed_touchpoints))
  and not exists (select 1 from delta_unchanged_touchpoints as unchanged where unchanged.touchpoint_id = kept.touchpoint_id);

insert into int_touchpoints
select rebuilt.*
from delta_int_touchpoints as rebuilt
where not exists (select 1 from delta_unchanged_touchpoints as unchanged where unchanged.touchpoint_id = rebuilt.touchpoint_id);

drop table delta_unchanged_touchpoints;

delete from conversions where conversion_id in (select conversion_id from delta_removed_conversions);
insert into conversions select * from delta_conversions;

create or replace temp table delta_journey_customers as
select customer_key from delta_removed_touchpoints where customer_key is not null
union
select customer_key from delta_int_touchpoints where customer_key is not null
union
select customer_key from delta_removed_conversions where customer_key is not null
union
select customer_key from delta_conversions where customer_key is not null
union
select customer_key from delta_identity_customers
union
select event_customers.customer_key
from int_event_customers as event_customers
semi join delta_journey_events as changed
  on changed.source = event_customers.source and changed.event_id = event_customers.event_id;

-- the conversions whose journeys are rebuilt: those of the customers above, those removed, and
-- the new ones (an anonymous conversion's journey is its own touchpoint)
create or replace temp table delta_journey_conversions as
select conversion_id from conversions where customer_key in (select customer_key from delta_journey_customers)
union
select conversion_id from delta_removed_conversions
union
select conversion_id from delta_conversions;
