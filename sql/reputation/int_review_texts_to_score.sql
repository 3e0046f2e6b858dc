-- int_review_texts_to_score: one row per review text without a current score (text_id = the
-- review's event_id; text_number = 1..n in event_id order, so the scoring loop reads it in pages
-- of consecutive numbers). Stored in text_number order so each page reads only its row groups.
-- docs/reputation.md ("Score cache").
create or replace table int_review_texts_to_score as
with review_texts as (
  select
    review_id,
    input_hash,
    scored_text,
    language,
    rating
  from int_review_texts
),

cached_scores as (
  select
    review_id,
    input_hash
  from int_review_scores
),

unscored_texts as (
  select
    review_texts.review_id,
    review_texts.input_hash,
    review_texts.scored_text,
    review_texts.language,
    review_texts.rating
  from review_texts
  left join cached_scores
    on cached_scores.review_id = review_texts.review_id
    and cached_scores.input_hash = review_texts.input_hash
  where cached_scores.review_id is null
)

select
  row_number() over (order by review_id) as text_number,
  review_id as text_id,
  input_hash,
  scored_text,
  language,
  rating
from unscored_texts
order by text_number
