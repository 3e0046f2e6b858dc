-- reputation: one row per week × platform × store_id. week = the Monday starting the ISO week
-- of the review's business-time-zone date; platform and store_id as given ('(none)' for a
-- missing store), '(all)' on the roll-up rows (per platform, per store, and both).
-- reviews = all reviews; avg_rating over all of them; avg_sentiment over the reviews with a
-- score (null only for unsupported languages), share_negative and share_positive over the reviews
-- with a label, so they agree with review_sentiment; reviews_with_sentiment counts the reviews
-- whose text hit at least one sentiment word (the rest scored 0, "unknown"); reply_rate = reviews with a valid reply / reviews; reply_p50_hours =
-- median hours from review to reply (linear interpolation) over those replies;
-- avg_rating_change_wow = avg_rating − the same platform × store_id's avg_rating in the
-- previous ISO week (null when that week has no reviews); mismatches = rating_text_mismatch.
-- Definitions: docs/reputation.md ("reputation", "Replies").
create or replace table reputation as
with reviews as (
  select
    cast(date_trunc('week', review_date) as date) as week,
    platform,
    coalesce(store_id, '(none)') as store_id,
    rating,
    sentiment,
    sentiment_label,
    has_sentiment,
    has_reply,
    reply_hours,
    rating_text_mismatch
  from review_sentiment
),

weekly_reviews as (
  select
    week,
    case when grouping(platform) = 1 then '(all)' else platform end as platform,
    case when grouping(store_id) = 1 then '(all)' else store_id end as store_id,
    count(*) as reviews,
    avg(rating) as avg_rating,
    count(*) filter (where has_sentiment) as reviews_with_sentiment,
    -- an exact sum (DECIMAL): the mean must not depend on the order rows are stored in
    cast(avg(cast(sentiment as decimal(38, 18))) as double) as avg_sentiment,
    count(sentiment_label) as labelled_reviews,
    count(*) filter (where sentiment_label = 'negative') as negative_reviews,
    count(*) filter (where sentiment_label = 'positive') as positive_reviews,
    count(*) filter (where has_reply) as replied,
    quantile_cont(reply_hours, 0.5) as reply_p50_hours,
    count(*) filter (where rating_text_mismatch) as mismatches,
    grouping(platform) = 1 or grouping(store_id) = 1 as is_rollup
  from reviews
  group by grouping sets ((week, platform, store_id), (week, platform), (week, store_id), (week))
)

select
  weekly_reviews.week,
  weekly_reviews.platform,
  weekly_reviews.store_id,
  weekly_reviews.reviews,
  weekly_reviews.avg_rating,
  weekly_reviews.reviews_with_sentiment,
  weekly_reviews.avg_sentiment,
  cast(weekly_reviews.negative_reviews as double) / nullif(weekly_reviews.labelled_reviews, 0) as share_negative,
  cast(weekly_reviews.positive_reviews as double) / nullif(weekly_reviews.labelled_reviews, 0) as share_positive,
  weekly_reviews.replied,
  cast(weekly_reviews.replied as double) / weekly_reviews.reviews as reply_rate,
  weekly_reviews.reply_p50_hours,
  weekly_reviews.avg_rating - previous_week.avg_rating as avg_rating_change_wow,
  weekly_reviews.mismatches,
  -- a roll-up row (platform or store_id '(all)')
  weekly_reviews.is_rollup
from weekly_reviews
left join weekly_reviews as previous_week
  on previous_week.week = cast(weekly_reviews.week - interval 7 day as date)
  and previous_week.platform = weekly_reviews.platform
  and previous_week.store_id = weekly_reviews.store_id
