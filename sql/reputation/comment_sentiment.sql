-- comment_sentiment: one row per survey response with a comment (event_id = the survey event's
-- id). response_date = the business-time-zone date of occurred_at; touchpoint as given (null
-- when missing); language, sentiment, sentiment_label, sentiment_hits, has_sentiment, aspects
-- and sentiment_<aspect> as in review_sentiment. Responses without a comment are not here.
-- Definitions: docs/reputation.md ("comment_sentiment", "Scoring", "Aspects").
-- Parameters: $timezone.
create or replace table comment_sentiment as
with survey_responses as (
  select
    event_id,
    occurred_at,
    survey_type,
    score,
    touchpoint
  from events_survey
),

comment_texts as (
  select
    event_id,
    language,
    input_hash
  from int_comment_texts
),

comment_scores as (
  select
    event_id,
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
    sentiment_app_website
  from int_comment_scores
)

select
  survey_responses.event_id,
  survey_responses.occurred_at,
  cast(timezone($timezone, survey_responses.occurred_at) as date) as response_date,
  survey_responses.survey_type,
  survey_responses.score,
  survey_responses.touchpoint,
  coalesce(comment_scores.language, lower(comment_texts.language)) as language,
  comment_scores.sentiment,
  comment_scores.sentiment_label,
  coalesce(comment_scores.sentiment_hits, 0) as sentiment_hits,
  coalesce(comment_scores.sentiment_hits, 0) > 0 as has_sentiment,
  coalesce(comment_scores.aspects, '') as aspects,
  comment_scores.sentiment_delivery,
  comment_scores.sentiment_staff,
  comment_scores.sentiment_price,
  comment_scores.sentiment_quality,
  comment_scores.sentiment_waiting,
  comment_scores.sentiment_app_website
from survey_responses
inner join comment_texts
  on comment_texts.event_id = survey_responses.event_id
left join comment_scores
  on comment_scores.event_id = comment_texts.event_id
  and comment_scores.input_hash = comment_texts.input_hash
