-- int_attribution_path_steps: one row per conversion in the window × touchpoint kept on its
-- transformed path (int_attribution_paths.steps), position 1..path_length in path order. The
-- heuristic and per-conversion credits are given to these rows.
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
  path_key,
  conversion_id,
  converted_at,
  converted_date,
  revenue,
  step.touchpoint_id,
  step.channel,
  step.started_at,
  cast(position as integer) as position,
  path_length
from unnested_steps
