-- report: survey KPIs per week over all touchpoints (the roll-up rows of survey_kpis as
-- published): NPS with its margin of error, CSAT, CES.
select
  strftime(week, '%Y-%m-%d') as week,
  survey_type,
  touchpoint,
  responses,
  nps,
  nps_margin_of_error,
  csat,
  ces
from read_parquet($files, union_by_name = true)
where is_rollup
order by survey_type, week
