-- Merges the heuristic credits rebuilt for the conversions whose journeys the journeys stage
-- rebuilt; every other conversion's path, and so its heuristic credits, is unchanged.
-- Definition: docs/attribution.md ("Incremental refresh").
-- Most rebuilt credits equal the kept ones (a customer merge changes few journeys), so only
-- rows that differ are deleted and inserted (at 5 M events a few thousand of about 900 k), as
-- fewer written rows make the merge and DuckDB's next checkpoint cheaper. Rows are compared whole.
create or replace temp table delta_unchanged_heuristic_credits as
select kept.conversion_id, kept.position
from int_attribution_heuristic_credits as kept
semi join delta_int_attribution_heuristic_credits as rebuilt
  on rebuilt.conversion_id = kept.conversion_id
  and rebuilt.position = kept.position
  and rebuilt is not distinct from kept
where kept.conversion_id in (select conversion_id from delta_attribution_conversions);

delete from int_attribution_heuristic_credits as kept
where kept.conversion_id in (select conversion_id from delta_attribution_conversions)
  and not exists (
    select 1 from delta_unchanged_heuristic_credits as unchanged
    where unchanged.conversion_id = kept.conversion_id and unchanged.position = kept.position
  );

insert into int_attribution_heuristic_credits
select rebuilt.*
from delta_int_attribution_heuristic_credits as rebuilt
where not exists (
  select 1 from delta_unchanged_heuristic_credits as unchanged
  where unchanged.conversion_id = rebuilt.conversion_id and unchanged.position = rebuilt.position
);

drop table delta_unchanged_heuristic_credits;
