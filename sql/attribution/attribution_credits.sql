-- attribution_credits: one row per conversion × touchpoint kept on its transformed path
-- (int_attribution_path_steps: position, path_length), with one credit column per model
-- (<model>_credit):
-- the touchpoint's share of the conversion (each model's credits of a conversion sum to 1; 0
-- where the model gives the touchpoint nothing; null where the model is not configured).
-- conversion_revenue is the conversion's revenue; a model's credited revenue is
-- conversion_revenue × its credit.
-- Heuristic models (first_touch, last_touch, last_non_direct, linear, position_based,
-- time_decay) credit positions (int_attribution_heuristic_credits, kept and updated per rebuilt
-- conversion); markov and shapley split each channel's credit of the conversion
-- (int_attribution_channel_credits, rebuilt every run, as the shares are) equally over that
-- channel's touchpoints. One row per touchpoint with a column per model, rather than a row per
-- model: the chain credits change every night, so the whole table is rewritten every night,
-- and this grain is a fifth of the rows. Temporary, as the channel credits are; the drop
-- removes the persistent view that earlier versions kept.
-- Definition: docs/attribution.md ("Heuristic models", "Credit per conversion", "Tables").
drop view if exists attribution_credits;

create or replace temp view attribution_credits as
select
  steps.conversion_id,
  steps.touchpoint_id,
  steps.channel,
  steps.position,
  steps.path_length,
  steps.converted_at,
  steps.converted_date,
  steps.revenue as conversion_revenue,
  steps.first_touch as first_touch_credit,
  steps.last_touch as last_touch_credit,
  steps.last_non_direct as last_non_direct_credit,
  steps.linear as linear_credit,
  steps.position_based as position_based_credit,
  steps.time_decay as time_decay_credit,
  channels.markov / channels.touches as markov_credit,
  channels.shapley / channels.touches as shapley_credit
from int_attribution_heuristic_credits as steps
inner join int_attribution_channel_credits as channels
  on channels.conversion_id = steps.conversion_id
  and channels.channel = steps.channel
