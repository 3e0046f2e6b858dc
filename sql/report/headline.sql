-- headline: one row, the numbers a run prints at its end and puts in its --json summary
-- (README, "Headline numbers"), read from the Parquet files of the version just published
-- ($attribution_models, $survey_kpis, $response_times, $reputation: each table's files), so
-- they are the published numbers, --since/--until included:
-- conversions and revenue of the window (any attribution model: each conversion's credits sum
-- to 1); the channel with the largest share (markov when fitted, else the first model by name);
-- NPS and CSAT over the window's responses; the shares of deliveries over the threshold and of
-- first replies over the SLA; the average review rating.
with published_models as (
  select * from read_parquet($attribution_models, union_by_name = true)
),

published_surveys as (
  select * from read_parquet($survey_kpis, union_by_name = true)
),

published_response_times as (
  select * from read_parquet($response_times, union_by_name = true)
),

published_reputation as (
  select * from read_parquet($reputation, union_by_name = true)
)

select
  totals.conversions,
  totals.revenue,
  top.model as top_channel_model,
  top.channel as top_channel,
  top.share as top_channel_share,
  nps.responses as nps_responses,
  100 * (nps.promoters - nps.detractors) / nullif(nps.responses, 0) as nps,
  csat.responses as csat_responses,
  csat.csat,
  deliveries.n as deliveries,
  deliveries.over_threshold / nullif(deliveries.n, 0) as delivery_over_threshold_share,
  replies.n as first_replies,
  replies.over_threshold / nullif(replies.n, 0) as first_reply_over_sla_share,
  reviews.reviews,
  reviews.avg_rating
from (select 1) as one
left join (
  select sum(conversions) as conversions, sum(revenue) as revenue
  from published_models
  where model = (select min(model) from published_models)
) as totals on true
left join (
  select model, channel, share
  from published_models
  where model = (select coalesce(max(model) filter (where model = 'markov'), min(model)) from published_models)
  order by share desc, channel
  limit 1
) as top on true
left join (
  select sum(promoters)::double as promoters, sum(detractors)::double as detractors, sum(responses)::bigint as responses
  from published_surveys where survey_type = 'nps' and is_rollup
) as nps on true
left join (
  select sum(csat * responses) / nullif(sum(responses), 0) as csat, sum(responses)::bigint as responses
  from published_surveys where survey_type = 'csat' and is_rollup
) as csat on true
left join (
  select sum(over_threshold)::double as over_threshold, sum(n)::bigint as n from published_response_times where metric = 'delivery_time' and is_rollup
) as deliveries on true
left join (
  select sum(over_threshold)::double as over_threshold, sum(n)::bigint as n from published_response_times where metric = 'support_first_reply' and is_rollup
) as replies on true
left join (
  select sum(avg_rating * reviews) / nullif(sum(reviews), 0) as avg_rating, sum(reviews)::bigint as reviews
  from published_reputation where is_rollup and platform = '(all)' and store_id = '(all)'
) as reviews on true
