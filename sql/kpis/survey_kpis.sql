-- survey_kpis: one row per week × survey_type × touchpoint. week = the Monday starting the ISO
-- week of the response's business-time-zone date; touchpoint = the survey's touchpoint ('(none)'
-- when missing, '(all)' on the roll-up row). NPS = 100 × (promoters − detractors) / responses
-- with its 95 % margin of error; CSAT = 100 × share of scores 4–5; CES = mean score; the
-- disappointed / OK / delighted split is CSAT 1–2 / 3–4 / 5 and NPS 0–6 / 7–8 / 9–10.
-- low_sample flags rows with fewer than $min_responses responses.
-- Definitions: docs/kpis.md ("Survey KPIs", "Window").
-- Parameters: $timezone, $min_responses, $since, $until (inclusive business dates or null).
create or replace table survey_kpis as
with survey_responses as (
  select
    event_id,
    cast(timezone($timezone, occurred_at) as date) as response_date,
    survey_type,
    coalesce(touchpoint, '(none)') as touchpoint,
    score
  from events_survey
),

responses_in_window as (
  select
    cast(date_trunc('week', response_date) as date) as week,
    survey_type,
    touchpoint,
    score
  from survey_responses
  where ($since is null or response_date >= cast($since as date))
    and ($until is null or response_date <= cast($until as date))
),

response_counts as (
  select
    week,
    survey_type,
    case when grouping(touchpoint) = 1 then '(all)' else touchpoint end as touchpoint,
    count(*) as responses,
    count(*) filter (where score >= 9) as nps_promoters,
    count(*) filter (where score between 7 and 8) as nps_passives,
    count(*) filter (where score <= 6) as nps_detractors,
    count(*) filter (where score >= 4) as csat_satisfied,
    count(*) filter (where score <= 2) as csat_disappointed,
    count(*) filter (where score between 3 and 4) as csat_ok,
    count(*) filter (where score = 5) as csat_delighted,
    avg(score) as mean_score,
    grouping(touchpoint) = 1 as is_rollup
  from responses_in_window
  group by grouping sets ((week, survey_type, touchpoint), (week, survey_type))
),

-- Counts that do not apply to a survey type stay null rather than 0.
counts_by_type as (
  select
    week,
    survey_type,
    touchpoint,
    responses,
    case when survey_type = 'nps' then nps_promoters end as promoters,
    case when survey_type = 'nps' then nps_passives end as passives,
    case when survey_type = 'nps' then nps_detractors end as detractors,
    case when survey_type = 'csat' then csat_satisfied end as satisfied,
    case survey_type when 'nps' then nps_detractors when 'csat' then csat_disappointed end as disappointed,
    case survey_type when 'nps' then nps_passives when 'csat' then csat_ok end as ok,
    case survey_type when 'nps' then nps_promoters when 'csat' then csat_delighted end as delighted,
    case when survey_type = 'ces' then mean_score end as ces,
    is_rollup
  from response_counts
)

select
  week,
  survey_type,
  touchpoint,
  responses,
  promoters,
  passives,
  detractors,
  100 * cast(promoters - detractors as double) / responses as nps,
  1.96 * 100 * sqrt(
    (cast(promoters + detractors as double) / responses - pow(cast(promoters - detractors as double) / responses, 2)) / responses
  ) as nps_margin_of_error,
  100 * cast(satisfied as double) / responses as csat,
  ces,
  cast(disappointed as double) / responses as share_disappointed,
  cast(ok as double) / responses as share_ok,
  cast(delighted as double) / responses as share_delighted,
  responses < $min_responses as low_sample,
  -- the roll-up row over all touchpoints of a week and survey type
  is_rollup
from counts_by_type
