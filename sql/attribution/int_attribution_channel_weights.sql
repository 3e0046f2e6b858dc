-- int_attribution_channel_weights: one row per window-level model (markov, shapley) × channel
-- of the chain, as fitted in TypeScript (src/attribution/chain-fit.ts): share (sums to 1
-- over a model's channels), removal_effect (markov), share_low / share_high (the bootstrap's
-- 90 % interval, null without resamples) and share_std_error (shapley: 0 when exact, the
-- permutation sampling's standard error otherwise).
-- Parameters: $weights, a JSON list of {model, channel, share, removal_effect, share_low,
-- share_high, share_std_error}.
-- Definition: docs/attribution.md ("Markov chain", "Shapley", "Uncertainty").
create or replace temp table int_attribution_channel_weights as
with fitted_weights as (
  select unnest(
    from_json(
      $weights,
      '[{"model":"VARCHAR","channel":"VARCHAR","share":"DOUBLE","removal_effect":"DOUBLE","share_low":"DOUBLE","share_high":"DOUBLE","share_std_error":"DOUBLE"}]'
    ),
    recursive := true
  )
)

select model, channel, share, removal_effect, share_low, share_high, share_std_error
from fitted_weights
