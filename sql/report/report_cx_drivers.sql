-- report: what each driver did to each outcome over the window (cx_drivers as published): the
-- difference between exposed and unexposed units with its 95 % interval.
select
  driver,
  outcome,
  unit,
  exposed_n,
  exposed_value,
  unexposed_n,
  unexposed_value,
  difference,
  difference_low,
  difference_high,
  low_sample
from read_parquet($files, union_by_name = true)
order by outcome, driver
