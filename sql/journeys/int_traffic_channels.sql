-- int_traffic_channels: one row per distinct traffic of a session's first event (utm_source,
-- utm_medium, utm_campaign, referrer_host; '' stands for null in these keys) with the GA4
-- source / medium / campaign it means and the channel the first matching rule in
-- channel_rules gives it (no rule matching: 'Unassigned'). Classifying distinct traffic rather
-- than sessions keeps the regular expressions off the millions of sessions.
-- traffic_source / traffic_medium: utm_source / utm_medium ('(not set)' when missing) when any
-- utm_* is present; else the referrer host with medium 'organic' for a SEARCH host and
-- 'referral' for others; else '(direct)' / '(none)'. source_category: the category of
-- traffic_source in source_categories (exact, ignoring case, as GA4 matches its lists).
-- Definition and source: docs/journeys.md ("Channels").
create or replace table int_traffic_channels as
with session_traffic as (
  select distinct
    coalesce(utm_source, '') as utm_source_key,
    coalesce(utm_medium, '') as utm_medium_key,
    coalesce(utm_campaign, '') as utm_campaign_key,
    coalesce(referrer_host, '') as referrer_host_key
  from int_web_sessions
),

rules as (
  select priority, channel, source_category, source_pattern, medium_pattern, campaign_pattern, referrer_pattern
  from channel_rules
  where is_enabled
),

categories as (
  select source, category from source_categories
),

candidate_sources as (
  select distinct lower(utm_source_key) as source from session_traffic where utm_source_key <> ''
  union
  select distinct referrer_host_key as source from session_traffic where referrer_host_key <> ''
),

categorised_sources as (
  select candidate_sources.source, categories.category
  from candidate_sources
  inner join categories on categories.source = candidate_sources.source
),

traffic_with_source as (
  select
    utm_source_key,
    utm_medium_key,
    utm_campaign_key,
    referrer_host_key,
    utm_source_key <> '' or utm_medium_key <> '' or utm_campaign_key <> '' as is_tagged,
    case
      when utm_source_key <> '' or utm_medium_key <> '' or utm_campaign_key <> ''
        then coalesce(nullif(utm_source_key, ''), '(not set)')
      when referrer_host_key <> '' then referrer_host_key
      else '(direct)'
    end as traffic_source
  from session_traffic
),

traffic as (
  select
    traffic_with_source.utm_source_key,
    traffic_with_source.utm_medium_key,
    traffic_with_source.utm_campaign_key,
    traffic_with_source.referrer_host_key,
    traffic_with_source.traffic_source,
    case
      when traffic_with_source.is_tagged then coalesce(nullif(traffic_with_source.utm_medium_key, ''), '(not set)')
      when traffic_with_source.referrer_host_key <> ''
        then case when categorised_sources.category = 'SEARCH' then 'organic' else 'referral' end
      else '(none)'
    end as traffic_medium,
    nullif(traffic_with_source.utm_campaign_key, '') as campaign,
    categorised_sources.category as source_category
  from traffic_with_source
  left join categorised_sources on categorised_sources.source = lower(traffic_with_source.traffic_source)
),

-- DuckDB compiles a regular expression that is not a constant once per row, so each distinct
-- pattern is tried once on each distinct value of its field, not once per traffic × rule.
field_values as (
  select distinct 'source' as field, traffic_source as value from traffic
  union
  select distinct 'medium' as field, traffic_medium as value from traffic
  union
  select distinct 'campaign' as field, coalesce(campaign, '') as value from traffic
  union
  select distinct 'referrer' as field, referrer_host_key as value from traffic
),

rule_patterns as (
  select distinct 'source' as field, source_pattern as pattern from rules where source_pattern is not null
  union
  select distinct 'medium' as field, medium_pattern as pattern from rules where medium_pattern is not null
  union
  select distinct 'campaign' as field, campaign_pattern as pattern from rules where campaign_pattern is not null
  union
  select distinct 'referrer' as field, referrer_pattern as pattern from rules where referrer_pattern is not null
),

pattern_hits as (
  select rule_patterns.field, rule_patterns.pattern, field_values.value
  from rule_patterns
  inner join field_values on field_values.field = rule_patterns.field
  where regexp_matches(field_values.value, rule_patterns.pattern, 'i')
),

rule_matches as (
  select
    traffic.utm_source_key,
    traffic.utm_medium_key,
    traffic.utm_campaign_key,
    traffic.referrer_host_key,
    arg_min(rules.channel, rules.priority) as channel,
    min(rules.priority) as channel_rule_priority
  from traffic
  cross join rules
  left join pattern_hits as source_hits
    on source_hits.field = 'source'
    and source_hits.pattern = rules.source_pattern
    and source_hits.value = traffic.traffic_source
  left join pattern_hits as medium_hits
    on medium_hits.field = 'medium'
    and medium_hits.pattern = rules.medium_pattern
    and medium_hits.value = traffic.traffic_medium
  left join pattern_hits as campaign_hits
    on campaign_hits.field = 'campaign'
    and campaign_hits.pattern = rules.campaign_pattern
    and campaign_hits.value = coalesce(traffic.campaign, '')
  left join pattern_hits as referrer_hits
    on referrer_hits.field = 'referrer'
    and referrer_hits.pattern = rules.referrer_pattern
    and referrer_hits.value = traffic.referrer_host_key
  where (rules.source_category is null or rules.source_category = traffic.source_category)
    and (rules.source_pattern is null or source_hits.value is not null)
    and (rules.medium_pattern is null or medium_hits.value is not null)
    and (rules.campaign_pattern is null or campaign_hits.value is not null)
    and (rules.referrer_pattern is null or referrer_hits.value is not null)
  group by traffic.utm_source_key, traffic.utm_medium_key, traffic.utm_campaign_key, traffic.referrer_host_key
)

select
  traffic.utm_source_key,
  traffic.utm_medium_key,
  traffic.utm_campaign_key,
  traffic.referrer_host_key,
  traffic.traffic_source,
  traffic.traffic_medium,
  traffic.campaign,
  traffic.source_category,
  coalesce(rule_matches.channel, 'Unassigned') as channel,
  rule_matches.channel_rule_priority
from traffic
left join rule_matches
  on rule_matches.utm_source_key = traffic.utm_source_key
  and rule_matches.utm_medium_key = traffic.utm_medium_key
  and rule_matches.utm_campaign_key = traffic.utm_campaign_key
  and rule_matches.referrer_host_key = traffic.referrer_host_key
