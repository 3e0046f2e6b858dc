-- One page of int_texts_to_score for the scoring loop (src/reputation/score-texts.ts): the texts
-- numbered $first..$last, with every column but the number. Not a model: a query the loop reads.
-- Parameters: $first, $last (text_number bounds, inclusive).
select * exclude (text_number)
from int_texts_to_score
where text_number between $first and $last
order by text_number
