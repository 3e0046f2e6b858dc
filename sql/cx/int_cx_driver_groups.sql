-- int_cx_driver_groups: per driver × outcome × month × exposed, the number of units with the
-- outcome, the sum of their values and the sum of their squares; a unit counts for a driver
-- when its exposure is known (not null). Every driver × outcome × month of a unit of the
-- driver's kind has both groups, an empty one with n 0 (and month null has n 0 throughout). month = of the exposure instant
-- (business time zone, YYYY-MM). The drivers, their unit and the outcomes' kinds are listed
-- here once (docs/cx-drivers.md). Only units exposed within the analysis window ($since,
-- $until: inclusive business dates, null for all) count; their outcomes may lie after it.
create or replace temp table int_cx_driver_groups as
with drivers (driver, unit) as (
  values ('delivery_late', 'order'), ('delivery_over_threshold', 'order'),
    ('first_reply_over_sla', 'ticket'), ('ticket_reopened', 'ticket')
),

outcomes (outcome, kind, position) as (
  values ('csat_top2_share', 'share', 1), ('csat_mean', 'mean', 2), ('nps', 'nps', 3), ('detractor_share', 'share', 4),
    ('review_top2_share', 'share', 5), ('review_mean', 'mean', 6), ('repurchase_90d_share', 'share', 7), ('contact_7d_share', 'share', 8)
),

exposures as (
  select unit, unit_id, month, driver, exposed
  from (
    unpivot (
      select unit, unit_id, month, delivery_late, delivery_over_threshold, first_reply_over_sla, ticket_reopened
      from int_cx_units
      where ($since is null or exposure_date >= $since::date) and ($until is null or exposure_date <= $until::date)
    )
    on delivery_late, delivery_over_threshold, first_reply_over_sla, ticket_reopened
    into name driver value exposed
  )
),

cells as (
  select drivers.driver, drivers.unit, outcomes.outcome, outcomes.kind, outcomes.position, months.month, groups.exposed
  from drivers
  cross join outcomes
  -- a month null cell with n 0 keeps every driver × outcome in cx_drivers when there are no units
  cross join (select distinct unit, month from exposures union all select distinct unit, null from drivers) as months
  cross join (values (true), (false)) as groups (exposed)
  where months.unit = drivers.unit
),

sums as (
  select exposures.driver, values.outcome, exposures.month, exposures.exposed,
    count(*) as n, sum(values.value) as total, sum(values.value * values.value) as total_squares
  from exposures
  inner join int_cx_unit_outcomes as values on values.unit = exposures.unit and values.unit_id = exposures.unit_id
  group by all
)

select cells.driver, cells.unit, cells.outcome, cells.kind, cells.position, cells.month, cells.exposed,
  coalesce(sums.n, 0) as n, coalesce(sums.total, 0) as total, coalesce(sums.total_squares, 0) as total_squares
from cells
left join sums using (driver, outcome, month, exposed)
