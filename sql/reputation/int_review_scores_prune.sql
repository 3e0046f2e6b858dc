-- Removes the cached review scores that no longer match a review: its text, language or rating
-- changed (another input_hash) or the review is gone. With $full_refresh, every score goes, so
-- the run rescores all texts. docs/reputation.md ("Score cache").
-- Scores by another version of the scorer (another $scorer_version) go too.
-- Parameters: $full_refresh (boolean), $scorer_version (varchar).
delete from int_review_scores
where $full_refresh
  or scorer_version <> $scorer_version
  or not exists (
    select 1
    from int_review_texts as review_texts
    where review_texts.review_id = int_review_scores.review_id
      and review_texts.input_hash = int_review_scores.input_hash
  )
