-- review_sentiment: one row per review (review_id = the review's event_id). review_date = the
-- business-time-zone date of occurred_at; language = the language the text was scored in, else
-- the given code (lower case), else null; sentiment in [-1, 1] and sentiment_label from
-- src/sentiment (null when the language is unsupported or undetected, or there is no text);
-- has_sentiment, aspects and sentiment_<aspect> as int_text_sentiment gives them; has_reply / reply_hours = a reply at or after the review and the hours
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
  select * from int_text_sentiment where kind = 'review'
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
  review_texts.language,
  review_texts.sentiment,
  review_texts.sentiment_label,
  review_texts.sentiment_hits,
  review_texts.has_sentiment,
  review_texts.aspects,
  review_texts.sentiment_delivery,
  review_texts.sentiment_staff,
  review_texts.sentiment_price,
  review_texts.sentiment_quality,
  review_texts.sentiment_waiting,
  review_texts.sentiment_app_website,
  review_texts.rating_text_mismatch,
  reviews.replied_at,
  valid_replies.event_id is not null as has_reply,
  valid_replies.reply_hours
from reviews
inner join review_texts
  on review_texts.text_id = reviews.event_id
left join valid_replies
  on valid_replies.event_id = reviews.event_id
