-- int_comment_texts: one row per survey response with a comment (event_id = the survey event's
-- id): scored_text = the trimmed comment, language = the given code (null when absent, so the
-- scorer detects it), input_hash = md5 over both, which keys the score cache int_comment_scores.
-- Responses without a comment (null or blank) have nothing to score and are left out.
-- Definitions: docs/reputation.md ("Scoring", "Score cache").
create or replace view int_comment_texts as
with survey_comments as (
  select
    event_id,
    trim(comment) as scored_text,
    nullif(trim(language), '') as language
  from events_survey
  where nullif(trim(comment), '') is not null
)

select
  event_id,
  scored_text,
  language,
  md5(concat_ws(chr(31), scored_text, coalesce(language, ''))) as input_hash
from survey_comments
