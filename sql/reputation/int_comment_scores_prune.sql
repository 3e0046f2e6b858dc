-- Removes the cached comment scores that no longer match a survey comment: its text or language
-- changed (another input_hash) or the comment is gone. With $full_refresh, every score goes.
-- docs/reputation.md ("Score cache"). Parameters: $full_refresh (boolean).
delete from int_comment_scores
where $full_refresh
  or not exists (
    select 1
    from int_comment_texts as comment_texts
    where comment_texts.event_id = int_comment_scores.event_id
      and comment_texts.input_hash = int_comment_scores.input_hash
  )
