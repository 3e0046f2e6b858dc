-- Merges the rebuilt journeys, paths, touchpoint and customer rows of the customers and
-- conversions in delta_journey_customers / delta_journey_conversions.
-- The large tables are merged by changed rows only: a rebuilt row equal to the kept one (compared
-- whole, NULLs equal) is neither deleted nor inserted again. Most rebuilt rows are unchanged, and
-- writing fewer rows makes the merge and DuckDB's next checkpoint cheaper (docs/operations.md).
-- Definition: docs/journeys.md ("Incremental refresh").
create or replace temp table delta_unchanged_journey_touchpoints as
select kept.conversion_id, kept.position
from journey_touchpoints as kept
semi join delta_journey_touchpoints as rebuilt
  on rebuilt.conversion_id = kept.conversion_id and rebuilt.position = kept.position and rebuilt is not distinct from kept
where kept.conversion_id in (select conversion_id from delta_journey_conversions);

-- The kept journey rows that go (changed or gone) and the rebuilt rows that come (changed or new);
-- the attribution stage reads both (delta_attribution_conversions below).
create or replace temp table delta_leaving_journey_touchpoints as
select kept.conversion_id, kept.position, kept.touchpoint_id
from journey_touchpoints as kept
where kept.conversion_id in (select conversion_id from delta_journey_conversions)
  and not exists (select 1 from delta_unchanged_journey_touchpoints as unchanged where unchanged.conversion_id = kept.conversion_id and unchanged.position = kept.position);

create or replace temp table delta_arriving_journey_touchpoints as
select rebuilt.*
from delta_journey_touchpoints as rebuilt
where not exists (select 1 from delta_unchanged_journey_touchpoints as unchanged where unchanged.conversion_id = rebuilt.conversion_id and unchanged.position = rebuilt.position);

delete from journey_touchpoints as kept
using delta_leaving_journey_touchpoints as leaving
where leaving.conversion_id = kept.conversion_id and leaving.position = kept.position;

insert into journey_touchpoints select * from delta_arriving_journey_touchpoints;

create or replace temp table delta_changed_journey_touchpoints as
select conversion_id, touchpoint_id from delta_leaving_journey_touchpoints
union
select conversion_id, touchpoint_id from delta_arriving_journey_touchpoints;

drop table delta_unchanged_journey_touchpoints;
drop table delta_leaving_journey_touchpoints;
drop table delta_arriving_journey_touchpoints;

-- journeys, paths and customers: the same changed-rows merge. Rebuilt rows equal to the kept
-- row of the same key stay; the kept rows of the rebuilt keys that differ or are gone leave; the
-- rebuilt rows that differ or are new arrive. At 5 M events a night's journeys, paths and
-- customers are nearly all rebuilt unchanged, and writing them again put about 20 MB a night
-- into the warehouse's write-ahead log, which DuckDB's checkpoints then pay for.
create or replace temp table delta_unchanged_journeys as
select kept.conversion_id
from journeys as kept
semi join delta_journeys as rebuilt on rebuilt.conversion_id = kept.conversion_id and rebuilt is not distinct from kept
where kept.conversion_id in (select conversion_id from delta_journey_conversions);

delete from journeys
where conversion_id in (select conversion_id from delta_journey_conversions)
  and conversion_id not in (select conversion_id from delta_unchanged_journeys);

insert into journeys
select rebuilt.* from delta_journeys as rebuilt
anti join delta_unchanged_journeys as unchanged on unchanged.conversion_id = rebuilt.conversion_id;

drop table delta_unchanged_journeys;

-- A path's key: its conversion, or for a customer's non-converting path (conversion_id null)
-- its customer; one key, as DuckDB cannot use a hash join for an OR of two IN lists. The
-- rebuilt keys: the conversions in delta_journey_conversions and the non-converting paths of
-- the customers in delta_journey_customers.
create or replace temp table delta_rebuilt_path_keys as
select 'conversion:' || conversion_id as path_key from delta_journey_conversions
union
select 'customer:' || customer_key from delta_journey_customers where customer_key is not null;

create or replace temp table delta_unchanged_path_keys as
select kept.path_key
from (select *, coalesce('conversion:' || conversion_id, 'customer:' || customer_key) as path_key from paths) as kept
semi join delta_rebuilt_path_keys as rebuilt_keys on rebuilt_keys.path_key = kept.path_key
semi join (select *, coalesce('conversion:' || conversion_id, 'customer:' || customer_key) as path_key from delta_paths) as rebuilt
  on rebuilt.path_key = kept.path_key and rebuilt is not distinct from kept;

delete from paths
where coalesce('conversion:' || conversion_id, 'customer:' || customer_key) in (select path_key from delta_rebuilt_path_keys)
  and coalesce('conversion:' || conversion_id, 'customer:' || customer_key) not in (select path_key from delta_unchanged_path_keys);

insert into paths
select rebuilt.* from delta_paths as rebuilt
where coalesce('conversion:' || rebuilt.conversion_id, 'customer:' || rebuilt.customer_key) not in (select path_key from delta_unchanged_path_keys);

drop table delta_rebuilt_path_keys;
drop table delta_unchanged_path_keys;

-- the kept rows that are rebuilt: replaced touchpoints and every touchpoint of a rebuilt customer
create or replace temp table delta_rebuilt_touchpoint_ids as
select touchpoint_id from delta_removed_touchpoints
union
select touchpoint_id from touchpoints where customer_key in (select customer_key from delta_journey_customers);

create or replace temp table delta_unchanged_touchpoints as
select kept.touchpoint_id
from touchpoints as kept
semi join delta_rebuilt_touchpoint_ids as rebuilt_ids on rebuilt_ids.touchpoint_id = kept.touchpoint_id
semi join delta_touchpoints as rebuilt
  on rebuilt.touchpoint_id = kept.touchpoint_id and rebuilt is not distinct from kept;

-- The kept rows that go and the rebuilt rows that come; the attribution stage reads both
-- (old and new customer) as delta_changed_touchpoints.
create or replace temp table delta_leaving_touchpoints as
select kept.touchpoint_id, kept.customer_key
from touchpoints as kept
semi join delta_rebuilt_touchpoint_ids as rebuilt_ids on rebuilt_ids.touchpoint_id = kept.touchpoint_id
anti join delta_unchanged_touchpoints as unchanged on unchanged.touchpoint_id = kept.touchpoint_id;

create or replace temp table delta_arriving_touchpoints as
select rebuilt.*
from delta_touchpoints as rebuilt
anti join delta_unchanged_touchpoints as unchanged on unchanged.touchpoint_id = rebuilt.touchpoint_id;

delete from touchpoints where touchpoint_id in (select touchpoint_id from delta_leaving_touchpoints);

insert into touchpoints select * from delta_arriving_touchpoints;

create or replace temp table delta_changed_touchpoints as
select touchpoint_id, customer_key from delta_leaving_touchpoints
union
select touchpoint_id, customer_key from delta_arriving_touchpoints;

drop table delta_rebuilt_touchpoint_ids;
drop table delta_unchanged_touchpoints;
drop table delta_leaving_touchpoints;
drop table delta_arriving_touchpoints;

create or replace temp table delta_unchanged_customers as
select kept.customer_key
from customers as kept
semi join delta_customers as rebuilt on rebuilt.customer_key = kept.customer_key and rebuilt is not distinct from kept
where kept.customer_key in (select customer_key from delta_journey_customers);

delete from customers
where customer_key in (select customer_key from delta_journey_customers)
  and customer_key not in (select customer_key from delta_unchanged_customers);

insert into customers
select rebuilt.* from delta_customers as rebuilt
anti join delta_unchanged_customers as unchanged on unchanged.customer_key = rebuilt.customer_key;

drop table delta_unchanged_customers;

-- What the attribution stage rebuilds (docs/attribution.md, "Incremental refresh"): a converting
-- path depends on its journey rows (touchpoint, position, start, channel) and its conversion row
-- (customer, instant, revenue); a customer's non-converting path on the customer's touchpoints
-- and on which of them are in a journey. So: conversions with a changed journey row, and new,
-- rebuilt or removed conversions; customers with a changed touchpoint row (old or new customer)
-- or a touchpoint whose journey membership changed.
create or replace temp table delta_attribution_conversions as
select conversion_id from delta_changed_journey_touchpoints
union
select conversion_id from delta_removed_conversions
union
select conversion_id from delta_conversions;

create or replace temp table delta_attribution_customers as
select customer_key from delta_changed_touchpoints where customer_key is not null
union
select touchpoints.customer_key
from touchpoints
semi join delta_changed_journey_touchpoints as changed on changed.touchpoint_id = touchpoints.touchpoint_id
where touchpoints.customer_key is not null;

drop table delta_changed_journey_touchpoints;

drop table delta_changed_touchpoints;
