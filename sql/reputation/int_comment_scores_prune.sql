-- Removes the cached comment scores that no longer match a survey comment: its text or language
-- changed (another input_hash) or the comment is gone, or another version of the scorer (another
-- $scorer_version) scored it. With $full_refresh, every score goes.
-- docs/reputation.md ("Score cache"). Parameters: $full_refresh (boolean), $scorer_version (varchar).
delete from int_comment_scores
where $full_refresh
  or scorer_version <> $scorer_version
  or not exists (
    select 1
    from int_comment_texts as comment_texts
    where comment_texts.event_id = int_comment_scores.event_id
      and comment_texts.input_hash = int_comment_scores.input_hash
  )
