-- int_text_sentiment: one row per text of int_texts with its current score (all score columns
-- null when it has none yet: an interrupted run): language = the language the text was scored
-- in, else the given code (lower case), else null; has_sentiment = the text has at least one
-- sentiment-bearing token (sentiment_hits > 0). review_sentiment and comment_sentiment read it,
-- each for its kind. Definitions: docs/reputation.md ("Scoring", "Aspects").
create or replace view int_text_sentiment as
select
  texts.kind,
  texts.text_id,
  coalesce(scores.language, lower(texts.language)) as language,
  scores.sentiment,
  scores.sentiment_label,
  coalesce(scores.sentiment_hits, 0) as sentiment_hits,
  coalesce(scores.sentiment_hits, 0) > 0 as has_sentiment,
  coalesce(scores.aspects, '') as aspects,
  scores.sentiment_delivery,
  scores.sentiment_staff,
  scores.sentiment_price,
  scores.sentiment_quality,
  scores.sentiment_waiting,
  scores.sentiment_app_website,
  coalesce(scores.rating_text_mismatch, false) as rating_text_mismatch
from int_texts as texts
left join int_text_scores as scores
  on scores.kind = texts.kind
  and scores.text_id = texts.text_id
  and scores.input_hash = texts.input_hash
