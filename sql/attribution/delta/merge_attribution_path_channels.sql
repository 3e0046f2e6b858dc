-- Merges the per-channel sums rebuilt for the conversions whose heuristic credits an
-- incremental run rebuilt (delta_int_attribution_path_channels) into
-- int_attribution_path_channels: that conversion's rows are replaced, and a conversion that is
-- gone loses them. A few rows per rebuilt conversion, so no row comparison.
-- Definition: docs/attribution.md ("Incremental refresh").
delete from int_attribution_path_channels
where conversion_id in (select conversion_id from delta_attribution_conversions);

insert into int_attribution_path_channels
select * from delta_int_attribution_path_channels;
