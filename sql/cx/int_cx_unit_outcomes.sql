-- int_cx_unit_outcomes: one row per unit × outcome the unit has (docs/cx-drivers.md, "Outcomes");
-- a unit without an outcome has no row for it and is not in that outcome's n.
-- value: 0/1 for a share, the score for a mean, +1 / 0 / -1 (promoter, passive, detractor) for nps.
--   csat_top2_share, csat_mean          the unit's latest CSAT response (score 4–5 → 1)
--   nps, detractor_share                its latest NPS response (score 0–6 → detractor)
--   review_top2_share, review_mean      its latest review (orders only; rating 4–5 → 1)
--   repurchase_90d_share                its customer bought again (a conversion with another
--                                       order id) within 90 days after the exposure
--   contact_7d_share                    its customer opened another ticket within 7 days after it
-- A response or review is an order's when it carries its order_id, a ticket's when it carries its
-- ticket_id; the latest is the one with the latest occurred_at (then the largest event_id). The
-- two customer outcomes need a customer and the whole 90 or 7 days before the as-of instant.
create or replace temp table int_cx_unit_outcomes as
with as_of as (
  select as_of_at from int_kpi_as_of
),

responses as (
  select order_id, ticket_id, survey_type, score, occurred_at, event_id
  from events_survey
  where survey_type in ('csat', 'nps')
),

-- two equi-joins, not one join on "order or ticket" (which DuckDB can only loop over)
unit_responses as (
  select units.unit, units.unit_id, responses.survey_type, responses.score, responses.occurred_at, responses.event_id
  from int_cx_units as units
  inner join responses on responses.order_id = units.order_id
  where units.unit = 'order'
  union all
  select units.unit, units.unit_id, responses.survey_type, responses.score, responses.occurred_at, responses.event_id
  from int_cx_units as units
  inner join responses on responses.ticket_id = units.ticket_id
  where units.unit = 'ticket'
),

latest_responses as (
  select unit, unit_id, survey_type, arg_max(score, (occurred_at, event_id)) as score
  from unit_responses
  group by unit, unit_id, survey_type
),

latest_reviews as (
  select units.unit, units.unit_id, arg_max(reviews.rating, (reviews.occurred_at, reviews.event_id)) as rating
  from int_cx_units as units
  inner join events_review as reviews on units.unit = 'order' and reviews.order_id = units.order_id
  group by units.unit, units.unit_id
),

repurchases as (
  select units.unit, units.unit_id,
    cx_repurchased_90d(units.customer_key, units.exposure_at, units.order_id, as_of.as_of_at) as repurchased
  from int_cx_units as units
  cross join as_of
),

contacts as (
  select units.unit, units.unit_id,
    bool_or(later.unit_id is not null) as contacted
  from int_cx_units as units
  cross join as_of
  left join int_cx_units as later
    on later.unit = 'ticket'
    and later.customer_key = units.customer_key
    and later.exposure_at > units.exposure_at
    and later.exposure_at <= units.exposure_at + interval 7 days
    and later.unit_id is distinct from units.ticket_id
  where units.customer_key is not null and units.exposure_at + interval 7 days <= as_of.as_of_at
  group by units.unit, units.unit_id
)

select unit, unit_id, 'csat_top2_share' as outcome, (score >= 4)::int::double as value from latest_responses where survey_type = 'csat'
union all
select unit, unit_id, 'csat_mean', score::double from latest_responses where survey_type = 'csat'
union all
select unit, unit_id, 'nps', case when score >= 9 then 1.0 when score <= 6 then -1.0 else 0.0 end from latest_responses where survey_type = 'nps'
union all
select unit, unit_id, 'detractor_share', (score <= 6)::int::double from latest_responses where survey_type = 'nps'
union all
select unit, unit_id, 'review_top2_share', (rating >= 4)::int::double from latest_reviews
union all
select unit, unit_id, 'review_mean', rating::double from latest_reviews
union all
select unit, unit_id, 'repurchase_90d_share', repurchased::int::double from repurchases where repurchased is not null
union all
select unit, unit_id, 'contact_7d_share', contacted::int::double from contacts
