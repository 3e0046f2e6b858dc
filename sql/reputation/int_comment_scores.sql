-- int_comment_scores: one row per scored survey comment (event_id = the survey event's id;
-- input_hash = int_comment_texts.input_hash of the comment and language that were scored).
-- A cache kept across runs and filled by src/reputation/score-texts.ts with an appender, so the
-- column order here is the order the scorer writes in. run_id = the run that scored the row;
-- scorer_version = the digest of the scorer's code (src/sentiment) that scored it.
-- Columns as in int_review_scores, without rating_text_mismatch (a survey score is no star rating).
-- Definitions: docs/reputation.md ("Scoring", "Aspects", "Score cache"); the scorer: docs/sentiment.md.
create table if not exists int_comment_scores (
  event_id varchar not null,
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
  run_id varchar not null
)
