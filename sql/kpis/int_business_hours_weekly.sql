-- int_business_hours_weekly: one row per opening range of an ISO weekday (1 = Monday … 7 =
-- Sunday), seeded from config kpis.businessHours.weekly. A weekday without rows is closed.
-- opens_minute / closes_minute are minutes after local midnight; "24:00" closes at 1440.
-- Parameters: $weekly, a JSON list of {weekday, opens, closes} ('[]' when no calendar is set).
-- Definition: docs/kpis.md, "Business hours".
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_business_hours_weekly;

create or replace temp table int_business_hours_weekly as
with configured_ranges as (
  select unnest(
    from_json($weekly, '[{"weekday":"INTEGER","opens":"VARCHAR","closes":"VARCHAR"}]'),
    recursive := true
  )
),

ranges_in_minutes as (
  select
    weekday as iso_weekday,
    cast(split_part(opens, ':', 1) as integer) * 60 + cast(split_part(opens, ':', 2) as integer) as opens_minute,
    cast(split_part(closes, ':', 1) as integer) * 60 + cast(split_part(closes, ':', 2) as integer) as closes_minute
  from configured_ranges
)

select
  iso_weekday,
  opens_minute,
  closes_minute
from ranges_in_minutes
where closes_minute > opens_minute
