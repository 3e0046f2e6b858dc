-- int_business_intervals: one row per open interval of the business-hours calendar, as UTC
-- instants, from the day before the first support ticket to the day after the as-of instant
-- (business time zone). Ranges of one day that overlap or touch are merged.
-- open_us_before = open microseconds of all earlier intervals, so the business clock reads
-- open_us_before + the open part of the interval an instant falls in (docs/kpis.md,
-- "Business hours"). Local opening times become instants with timezone(), so a day with a DST
-- change has its real length. Empty when no calendar is configured.
-- Parameters: $timezone.
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_business_intervals;

create or replace temp table int_business_intervals as
with weekly_hours as (
  select iso_weekday, opens_minute, closes_minute from int_business_hours_weekly
),

holidays as (
  select holiday_date from int_business_holidays
),

day_range as (
  select
    cast(timezone($timezone, min(support.occurred_at)) as date) - 1 as first_date,
    cast(timezone($timezone, max(as_of.as_of_at)) as date) + 1 as last_date
  from events_support as support
  cross join int_kpi_as_of as as_of
  where support.event_type = 'created'
),

local_days as (
  select cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as local_date
  from day_range
),

open_ranges as (
  select
    timezone($timezone, cast(local_days.local_date as timestamp) + to_minutes(weekly_hours.opens_minute)) as opens_at,
    timezone($timezone, cast(local_days.local_date as timestamp) + to_minutes(weekly_hours.closes_minute)) as closes_at
  from local_days
  inner join weekly_hours on isodow(local_days.local_date) = weekly_hours.iso_weekday
  left join holidays on local_days.local_date = holidays.holiday_date
  where holidays.holiday_date is null
),

ranges_with_previous_close as (
  select
    opens_at,
    closes_at,
    max(closes_at) over (
      order by opens_at, closes_at rows between unbounded preceding and 1 preceding
    ) as previous_closes_at
  from open_ranges
  where closes_at > opens_at
),

ranges_in_islands as (
  select
    opens_at,
    closes_at,
    sum(case when previous_closes_at is null or opens_at > previous_closes_at then 1 else 0 end) over (
      order by opens_at, closes_at rows between unbounded preceding and current row
    ) as island
  from ranges_with_previous_close
),

merged_intervals as (
  select
    min(opens_at) as opens_at,
    max(closes_at) as closes_at
  from ranges_in_islands
  group by island
)

select
  opens_at,
  closes_at,
  epoch_us(closes_at) - epoch_us(opens_at) as open_us,
  cast(coalesce(
    sum(epoch_us(closes_at) - epoch_us(opens_at)) over (
      order by opens_at rows between unbounded preceding and 1 preceding
    ),
    0
  ) as bigint) as open_us_before
from merged_intervals
