-- Merges the heuristic credits rebuilt for the conversions whose journeys the journeys stage
-- rebuilt; every other conversion's path, and so its heuristic credits, is unchanged.
-- Most rebuilt credits equal the kept ones (a customer merge touches a few journeys of each
-- customer), so only rows that differ are deleted and inserted: at 5 M events a night rebuilds
-- about 850 k credits of which a few thousand change, and writing fewer rows makes the merge and
-- the next checkpoint cheaper. A row is compared whole (as a struct; NULLs compare equal).
-- Definition: docs/attribution.md ("Incremental refresh").
create or replace temp table delta_unchanged_heuristic_credits as
select kept
from int_attribution_heuristic_credits as kept
semi join delta_int_attribution_heuristic_credits as rebuilt
  on kept is not distinct from rebuilt
where kept.conversion_id in (select conversion_id from delta_journey_conversions);

delete from int_attribution_heuristic_credits as kept
where kept.conversion_id in (select conversion_id from delta_journey_conversions)
  and kept not in (select kept from delta_unchanged_heuristic_credits);

insert into int_attribution_heuristic_credits
select rebuilt.*
from delta_int_attribution_heuristic_credits as rebuilt
where rebuilt not in (select kept from delta_unchanged_heuristic_credits);

drop table delta_unchanged_heuristic_credits;
