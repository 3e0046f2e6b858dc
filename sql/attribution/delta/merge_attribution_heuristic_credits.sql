-- Merges the heuristic credits rebuilt for the conversions whose journeys the journeys stage
-- rebuilt; every other conversion's path, and so its heuristic credits, is unchanged.
-- Definition: docs/attribution.md ("Incremental refresh").
delete from int_attribution_heuristic_credits
where conversion_id in (select conversion_id from delta_journey_conversions);

insert into int_attribution_heuristic_credits
select * from delta_int_attribution_heuristic_credits;
