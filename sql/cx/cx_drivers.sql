-- cx_drivers: one row per driver × outcome over the whole window: as cx_drivers_monthly, with
-- every month's units together. Definitions: docs/cx-drivers.md. Parameters: $min_responses.
create or replace table cx_drivers as
with paired as (
  select driver, unit, outcome, kind, position,
    sum(n) filter (where exposed) as n1, sum(total) filter (where exposed) as s1, sum(total_squares) filter (where exposed) as ss1,
    sum(n) filter (where not exposed) as n2, sum(total) filter (where not exposed) as s2, sum(total_squares) filter (where not exposed) as ss2
  from int_cx_driver_groups
  group by all
)

select
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
order by driver, position
