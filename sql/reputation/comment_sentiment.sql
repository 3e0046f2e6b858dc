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
  select * from int_text_sentiment where kind = 'comment'
)

select
  survey_responses.event_id,
  survey_responses.occurred_at,
  cast(timezone($timezone, survey_responses.occurred_at) as date) as response_date,
  survey_responses.survey_type,
  survey_responses.score,
  survey_responses.touchpoint,
  comment_texts.language,
  comment_texts.sentiment,
  comment_texts.sentiment_label,
  comment_texts.sentiment_hits,
  comment_texts.has_sentiment,
  comment_texts.aspects,
  comment_texts.sentiment_delivery,
  comment_texts.sentiment_staff,
  comment_texts.sentiment_price,
  comment_texts.sentiment_quality,
  comment_texts.sentiment_waiting,
  comment_texts.sentiment_app_website
from survey_responses
inner join comment_texts
  on comment_texts.text_id = survey_responses.event_id
