-- int_attribution_path_steps: one row per conversion in the window × touchpoint kept on its
-- transformed path (int_attribution_paths.steps), position 1..path_length in path order; its
-- touchpoint and start from journey_touchpoints. The heuristic and per-conversion credits are
-- given to these rows.
-- Definition: docs/attribution.md ("Paths", "Path transforms").
create or replace temp table int_attribution_path_steps as
with converting_paths as (
  select path_key, conversion_id, converted_at, converted_date, revenue, path_length, steps
  from int_attribution_paths
  where converted
),

unnested_steps as (
  select
    path_key,
    conversion_id,
    converted_at,
    converted_date,
    revenue,
    path_length,
    unnest(steps) as step,
    generate_subscripts(steps, 1) as position
  from converting_paths
)

select
  steps.path_key,
  steps.conversion_id,
  steps.converted_at,
  steps.converted_date,
  steps.revenue,
  journey_touchpoints.touchpoint_id,
  steps.step.channel,
  journey_touchpoints.started_at,
  cast(steps.position as integer) as position,
  steps.path_length
from unnested_steps as steps
-- the step's touchpoint by its place in the journey
inner join journey_touchpoints
  on journey_touchpoints.conversion_id = steps.conversion_id
  and journey_touchpoints.position = steps.step.position
