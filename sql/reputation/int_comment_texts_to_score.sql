-- int_comment_texts_to_score: one row per survey comment without a current score (text_id = the
-- survey event's id; text_number = 1..n in event_id order, so the scoring loop reads it in pages
-- of consecutive numbers). rating is always null: comments get no rating_text_mismatch.
-- docs/reputation.md ("Score cache").
create or replace table int_comment_texts_to_score as
with comment_texts as (
  select
    event_id,
    input_hash,
    scored_text,
    language
  from int_comment_texts
),

cached_scores as (
  select
    event_id,
    input_hash
  from int_comment_scores
),

unscored_texts as (
  select
    comment_texts.event_id,
    comment_texts.input_hash,
    comment_texts.scored_text,
    comment_texts.language
  from comment_texts
  left join cached_scores
    on cached_scores.event_id = comment_texts.event_id
    and cached_scores.input_hash = comment_texts.input_hash
  where cached_scores.event_id is null
)

select
  row_number() over (order by event_id) as text_number,
  event_id as text_id,
  input_hash,
  scored_text,
  language,
  cast(null as integer) as rating
from unscored_texts
order by text_number
