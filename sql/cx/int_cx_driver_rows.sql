-- int_cx_driver_rows: the rows of cx_drivers (whole_window) and cx_drivers_monthly (per month of
-- the exposure), computed once: per driver × outcome, the outcome among exposed and unexposed
-- units, the difference (exposed − unexposed) and its 95 % interval (int_cx_statistics.sql),
-- low_sample when either group has fewer than $min_responses units. Values: shares as 0–1,
-- means on the score's scale, NPS on −100…100; null where a group is empty.
-- Definitions: docs/cx-drivers.md. Parameters: $min_responses.
create or replace temp table int_cx_driver_rows as
with paired as (
  select driver, unit, outcome, kind, position, month, grouping(month) = 1 as whole_window,
    sum(n) filter (where exposed) as n1, sum(total) filter (where exposed) as s1, sum(total_squares) filter (where exposed) as ss1,
    sum(n) filter (where not exposed) as n2, sum(total) filter (where not exposed) as s2, sum(total_squares) filter (where not exposed) as ss2
  from int_cx_driver_groups
  group by grouping sets ((driver, unit, outcome, kind, position, month), (driver, unit, outcome, kind, position))
)

select
  whole_window,
  position,
  month,
  driver,
  outcome,
  unit,
  n1::bigint as exposed_n,
  cx_value(kind, n1, s1) as exposed_value,
  n2::bigint as unexposed_n,
  cx_value(kind, n2, s2) as unexposed_value,
  cx_value(kind, n1, s1) - cx_value(kind, n2, s2) as difference,
  cx_difference_low(kind, n1, s1, ss1, n2, s2, ss2) as difference_low,
  cx_difference_high(kind, n1, s1, ss1, n2, s2, ss2) as difference_high,
  n1 < $min_responses or n2 < $min_responses as low_sample
from paired
where whole_window or month is not null
