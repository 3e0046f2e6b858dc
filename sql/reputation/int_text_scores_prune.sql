-- Removes the cached scores that no longer match a text: its text, language or rating changed
-- (another input_hash), the review or comment is gone, or another version of the scorer (another
-- $scorer_version) scored it. With $full_refresh, every score goes, so the run rescores all texts.
-- docs/reputation.md ("Score cache"). Parameters: $full_refresh (boolean), $scorer_version (varchar).
delete from int_text_scores
where $full_refresh
  or scorer_version <> $scorer_version
  or not exists (
    select 1
    from int_texts as texts
    where texts.kind = int_text_scores.kind
      and texts.text_id = int_text_scores.text_id
      and texts.input_hash = int_text_scores.input_hash
  )
