-- int_texts: one row per text the reputation marts score, of either kind:
-- * kind 'review': text_id = the review's event_id; scored_text = title and text joined as two
--   sentences; rating, for rating_text_mismatch;
-- * kind 'comment': text_id = the survey event's id; scored_text = the trimmed comment; rating
--   null (a survey score is no star rating). Responses without a comment (null or blank) have
--   nothing to score and are left out.
-- language = the given code (null when absent, so the scorer detects it); input_hash = md5 over
-- the text, language and rating, which keys the score cache int_text_scores.
-- A view: it is read once per run to find the unscored texts and once by int_text_sentiment.
-- Definitions: docs/reputation.md ("Scoring", "Score cache").
create or replace view int_texts as
with review_texts as (
  select
    'review' as kind,
    event_id as text_id,
    concat_ws('. ', nullif(trim(title), ''), nullif(trim(text), '')) as scored_text,
    nullif(trim(language), '') as language,
    rating
  from events_review
),

comment_texts as (
  select
    'comment' as kind,
    event_id as text_id,
    trim(comment) as scored_text,
    nullif(trim(language), '') as language,
    null as rating
  from events_survey
  where nullif(trim(comment), '') is not null
),

texts as (
  select kind, text_id, scored_text, language, rating from review_texts
  union all
  select kind, text_id, scored_text, language, rating from comment_texts
)

select
  kind,
  text_id,
  scored_text,
  language,
  rating,
  md5(concat_ws(chr(31), scored_text, coalesce(language, ''), coalesce(cast(rating as varchar), ''))) as input_hash
from texts
