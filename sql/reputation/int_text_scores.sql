-- int_text_scores: one row per scored text (kind and text_id as in int_texts; input_hash =
-- int_texts.input_hash of the text, language and rating that were scored).
-- A cache kept across runs and filled by src/reputation/score-texts.ts with an appender, so the
-- column order here is the order the scorer writes in. run_id = the run that scored the row;
-- scorer_version = the digest of the scorer's code (src/sentiment) that scored it.
-- aspects = the aspects the text mentions, comma-separated in the fixed order of the sentiment_*
-- columns; sentiment_<aspect> = the score of the sentences mentioning it; rating_text_mismatch
-- null for a text without a rating (a comment).
-- Definitions: docs/reputation.md ("Scoring", "Aspects", "Score cache"); the scorer: docs/sentiment.md.
create table if not exists int_text_scores (
  kind varchar not null,
  text_id varchar not null,
  input_hash varchar not null,
  scorer_version varchar not null,
  language varchar,
  sentiment double,
  sentiment_label varchar,
  sentiment_hits integer not null,
  aspects varchar not null,
  sentiment_delivery double,
  sentiment_staff double,
  sentiment_price double,
  sentiment_quality double,
  sentiment_waiting double,
  sentiment_app_website double,
  rating_text_mismatch boolean,
  run_id varchar not null
)
