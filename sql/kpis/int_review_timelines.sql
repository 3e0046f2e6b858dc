-- int_review_timelines: one row per review (review_id = the review's event_id).
-- reply_minutes = review occurred_at → replied_at in calendar minutes; a replied_at before the
-- review is treated as bad data (outcome 'invalid', neither a duration nor open); no replied_at
-- is 'open', aged to the as-of instant. Definitions: docs/kpis.md ("Reviews", "Open items").
-- Parameters: $timezone.
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_review_timelines;

create or replace temp table int_review_timelines as
with reviews as (
  select
    event_id as review_id,
    occurred_at,
    platform,
    store_id,
    replied_at
  from events_review
),

as_of as (
  select as_of_at from int_kpi_as_of
)

select
  reviews.review_id,
  reviews.occurred_at as reviewed_at,
  cast(timezone($timezone, reviews.occurred_at) as date) as reviewed_date,
  reviews.platform,
  reviews.store_id,
  reviews.replied_at,
  case
    when reviews.replied_at is null then 'open'
    when reviews.replied_at >= reviews.occurred_at then 'replied'
    else 'invalid'
  end as outcome,
  case
    when reviews.replied_at >= reviews.occurred_at
      then (epoch_us(reviews.replied_at) - epoch_us(reviews.occurred_at)) / 60e6
  end as reply_minutes,
  (epoch_us(as_of.as_of_at) - epoch_us(reviews.occurred_at)) / 60e6 as open_age_minutes
from reviews
cross join as_of
