-- int_attribution_path_channels: one row per conversion × distinct channel of its path, with
-- touches (the channel's touchpoints on the path) and each heuristic model's credit to the
-- channel: its touchpoints' credits (int_attribution_heuristic_credits) added up exactly, as
-- DECIMAL(38, 14), so the daily and window totals built from these do not depend on the order
-- rows are stored in (14 places: revenue DECIMAL(18, 4) × credit is then an exact
-- DECIMAL(38, 18), whose sums hold up to 1.7e20); <model>_touched says whether any of them had
-- credit above 0 (a credit below 1e-14, as a short time-decay half-life gives, rounds to 0 here
-- but still touches the channel). Depends on the conversion's heuristic credits only, so it is
-- kept in the warehouse and an incremental run rebuilds it for the conversions whose credits it
-- rebuilt; int_attribution_channel_credits adds the Markov and Shapley credits every run.
-- Definition: docs/attribution.md ("Credit per conversion").
create or replace table int_attribution_path_channels as
select
  conversion_id,
  channel,
  any_value(converted_date) as converted_date,
  any_value(revenue) as revenue,
  count(*) as touches,
  sum(cast(first_touch as decimal(38, 14))) as first_touch,
  bool_or(first_touch > 0) as first_touch_touched,
  sum(cast(last_touch as decimal(38, 14))) as last_touch,
  bool_or(last_touch > 0) as last_touch_touched,
  sum(cast(last_non_direct as decimal(38, 14))) as last_non_direct,
  bool_or(last_non_direct > 0) as last_non_direct_touched,
  sum(cast(linear as decimal(38, 14))) as linear,
  bool_or(linear > 0) as linear_touched,
  sum(cast(position_based as decimal(38, 14))) as position_based,
  bool_or(position_based > 0) as position_based_touched,
  sum(cast(time_decay as decimal(38, 14))) as time_decay,
  bool_or(time_decay > 0) as time_decay_touched
from int_attribution_heuristic_credits
group by conversion_id, channel
