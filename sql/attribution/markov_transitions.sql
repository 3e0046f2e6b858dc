-- markov_transitions: one row per transition of the fitted Markov chain (order
-- attribution.markovOrder) over the window's paths with consecutive repeats collapsed:
-- from_state and to_state ('start', '(conversion)', '(null)', a channel, or for order > 1 the
-- last k channels as 'A > B'), transitions (paths taking it) and probability
-- (transitions / all transitions out of from_state). Empty when markov is not a configured model.
-- Parameters: $transitions, a JSON list of {from_state, to_state, transitions, probability}.
-- Definition: docs/attribution.md ("Markov chain").
create or replace table markov_transitions as
with fitted_transitions as (
  select unnest(
    from_json($transitions, '[{"from_state":"VARCHAR","to_state":"VARCHAR","transitions":"BIGINT","probability":"DOUBLE"}]'),
    recursive := true
  )
)

select from_state, to_state, transitions, probability
from fitted_transitions
