-- cx_drivers_monthly: one row per month (of the exposure, business time zone, YYYY-MM) × driver
-- × outcome with units that month (int_cx_driver_rows). Definitions: docs/cx-drivers.md.
create or replace table cx_drivers_monthly as
select * exclude (whole_window, position)
from int_cx_driver_rows
where not whole_window
order by month, driver, position
