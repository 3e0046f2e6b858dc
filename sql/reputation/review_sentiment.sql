-- review_sentiment: one row per review (review_id = the review's event_id). review_date = the
-- business-time-zone date of occurred_at; language = the language the text was scored in, else
-- the given code (lower case), else null; sentiment in [-1, 1] and sentiment_label from
-- src/sentiment (null when the language is unsupported or undetected, or there is no text);
-- has_sentiment = the text has at least one sentiment-bearing token (sentiment_hits > 0);
-- aspects = the CX aspects mentioned, comma-separated; sentiment_<aspect> = the score of the
-- sentences mentioning it; has_reply / reply_hours = a reply at or after the review and the hours
-- to it (a replied_at before the review is bad data: neither).
-- Definitions: docs/reputation.md ("review_sentiment", "Scoring", "Aspects", "Replies").
-- Parameters: $timezone.
create or replace table review_sentiment as
with reviews as (
  select
    event_id,
    occurred_at,
    platform,
    store_id,
    rating,
    replied_at
  from events_review
),

review_texts as (
  select
    review_id,
    language,
    input_hash
  from int_review_texts
),

review_scores as (
  select
    review_id,
    input_hash,
    language,
    sentiment,
    sentiment_label,
    sentiment_hits,
    aspects,
    sentiment_delivery,
    sentiment_staff,
    sentiment_price,
    sentiment_quality,
    sentiment_waiting,
    sentiment_app_website,
    rating_text_mismatch
  from int_review_scores
),

valid_replies as (
  select
    event_id,
    (epoch_us(replied_at) - epoch_us(occurred_at)) / 3600e6 as reply_hours
  from reviews
  where replied_at >= occurred_at
)

select
  reviews.event_id as review_id,
  reviews.occurred_at,
  cast(timezone($timezone, reviews.occurred_at) as date) as review_date,
  reviews.platform,
  reviews.store_id,
  reviews.rating,
  coalesce(review_scores.language, lower(review_texts.language)) as language,
  review_scores.sentiment,
  review_scores.sentiment_label,
  coalesce(review_scores.sentiment_hits, 0) as sentiment_hits,
  coalesce(review_scores.sentiment_hits, 0) > 0 as has_sentiment,
  coalesce(review_scores.aspects, '') as aspects,
  review_scores.sentiment_delivery,
  review_scores.sentiment_staff,
  review_scores.sentiment_price,
  review_scores.sentiment_quality,
  review_scores.sentiment_waiting,
  review_scores.sentiment_app_website,
  coalesce(review_scores.rating_text_mismatch, false) as rating_text_mismatch,
  reviews.replied_at,
  valid_replies.event_id is not null as has_reply,
  valid_replies.reply_hours
from reviews
inner join review_texts
  on review_texts.review_id = reviews.event_id
left join review_scores
  on review_scores.review_id = review_texts.review_id
  and review_scores.input_hash = review_texts.input_hash
left join valid_replies
  on valid_replies.event_id = reviews.event_id
