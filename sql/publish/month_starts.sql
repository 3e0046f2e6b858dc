-- month_starts: the instant each business month starts, for the months from the one holding
-- $first to the one after the one holding $last (instants), in time zone $timezone, and whether
-- that instant alone decides the month of the instants around it. It does when the zone's UTC
-- offset is the same at every hour from two days before to two days after: local time then runs
-- straight across the month's start, and a change of offset further away (at most a day, as
-- the largest ever made) cannot carry local time across it. `exact` is false otherwise (a zone
-- that changes its clocks near midnight on the 1st), and the caller then takes every instant's
-- month from the zone's rules instead.
-- Parameters: $timezone, $first, $last (TIMESTAMPTZ). Used by src/publish/month-of.ts.
with months as (
  select month_start
  from range(
    date_trunc('month', timezone($timezone, $first::timestamptz)),
    timezone($timezone, $last::timestamptz) + interval 1 month,
    interval 1 month
  ) as r (month_start)
),

starts as (
  select strftime(month_start, '%Y-%m') as month, timezone($timezone, month_start) as starts_at
  from months
),

offsets as (
  select
    starts.month,
    count(distinct timezone($timezone, starts.starts_at + hours.h * interval 1 hour)
      - timezone('UTC', starts.starts_at + hours.h * interval 1 hour)) as distinct_offsets
  from starts
  cross join range(-48, 49) as hours (h)
  group by starts.month
)

select
  starts.month,
  epoch_us(starts.starts_at) as starts_us,
  offsets.distinct_offsets = 1
    and strftime(timezone($timezone, starts.starts_at), '%Y-%m') = starts.month
    and strftime(timezone($timezone, starts.starts_at - interval 1 microsecond), '%Y-%m') <> starts.month as exact
from starts
inner join offsets on offsets.month = starts.month
order by starts.starts_at
