-- int_review_texts: one row per review (review_id = the review's event_id) with the inputs its
-- score depends on: scored_text = title and text joined as two sentences, language = the given
-- code (null when absent, so the scorer detects it), rating (for rating_text_mismatch), and
-- input_hash = md5 over the three, which keys the score cache int_review_scores.
-- A view: it is read once per run to find the unscored texts and once to join the scores.
-- Definitions: docs/reputation.md ("Scoring", "Score cache").
create or replace view int_review_texts as
with reviews as (
  select
    event_id,
    title,
    text,
    language,
    rating
  from events_review
),

review_inputs as (
  select
    event_id as review_id,
    concat_ws('. ', nullif(trim(title), ''), nullif(trim(text), '')) as scored_text,
    nullif(trim(language), '') as language,
    rating
  from reviews
)

select
  review_id,
  scored_text,
  language,
  rating,
  md5(concat_ws(chr(31), scored_text, coalesce(language, ''), coalesce(cast(rating as varchar), ''))) as input_hash
from review_inputs
