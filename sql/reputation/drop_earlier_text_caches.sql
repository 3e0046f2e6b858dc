-- The score caches and text views of versions before int_texts / int_text_scores, one per kind
-- (int_review_scores, int_comment_scores, …): dropped, so no orphaned copy of the texts' scores
-- stays in the warehouse; their texts are scored again once. docs/reputation.md ("Score cache").
drop table if exists int_review_scores;
drop table if exists int_comment_scores;
drop view if exists int_review_texts;
drop view if exists int_comment_texts;
drop table if exists int_review_texts_to_score;
drop table if exists int_comment_texts_to_score
