-- int_texts_to_score: one row per text without a current score (kind and text_id as in
-- int_texts; text_number = 1..n in (kind, text_id) order, so the scoring loop reads it in pages
-- of consecutive numbers). Stored in text_number order so each page reads only its row groups.
-- docs/reputation.md ("Score cache").
create or replace table int_texts_to_score as
with unscored_texts as (
  select
    texts.kind,
    texts.text_id,
    texts.input_hash,
    texts.scored_text,
    texts.language,
    texts.rating
  from int_texts as texts
  anti join int_text_scores as cached_scores
    on cached_scores.kind = texts.kind
    and cached_scores.text_id = texts.text_id
    and cached_scores.input_hash = texts.input_hash
)

select
  row_number() over (order by kind, text_id) as text_number,
  kind,
  text_id,
  input_hash,
  scored_text,
  language,
  rating
from unscored_texts
order by text_number
