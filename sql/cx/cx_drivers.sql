-- cx_drivers: one row per driver × outcome over the whole window (int_cx_driver_rows), all
-- 32 even without data. Definitions: docs/cx-drivers.md.
create or replace table cx_drivers as
select * exclude (whole_window, position, month)
from int_cx_driver_rows
where whole_window
order by driver, position
