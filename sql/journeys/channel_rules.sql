-- channel_rules: one row per channel rule, in the order they are tried (priority ascending;
-- the first rule a session's traffic matches gives its channel). A rule is a conjunction: every
-- condition that is set must hold; a channel with an OR in GA4's definition has one rule per
-- alternative. Conditions: source_category (the traffic source's category in
-- source_categories), and case-insensitive regular expressions searched in the traffic source,
-- medium, campaign and referrer host. Rules from config channelRules come first (priority
-- below 0, in config order); then GA4's default channel group from seeds/channel_rules.csv.
-- Parameters: $rules_file (the seed CSV), $config_rules (JSON list of config channelRules).
-- Definition and source: docs/journeys.md ("Channels").
create or replace table channel_rules as
with default_rules as (
  select
    priority,
    channel,
    nullif(source_category, '') as source_category,
    nullif(source_pattern, '') as source_pattern,
    nullif(medium_pattern, '') as medium_pattern,
    nullif(campaign_pattern, '') as campaign_pattern,
    nullif(referrer_pattern, '') as referrer_pattern,
    is_enabled,
    'ga4' as rule_origin
  from read_csv(
    $rules_file,
    header = true,
    auto_detect = false,
    quote = '"',
    escape = '"',
    columns = {
      'priority': 'INTEGER',
      'channel': 'VARCHAR',
      'source_category': 'VARCHAR',
      'source_pattern': 'VARCHAR',
      'medium_pattern': 'VARCHAR',
      'campaign_pattern': 'VARCHAR',
      'referrer_pattern': 'VARCHAR',
      'is_enabled': 'BOOLEAN'
    }
  )
),

configured_rules as (
  select
    cast(rule.key as integer) - 100000 as priority,
    rule.value ->> 'channel' as channel,
    cast(null as varchar) as source_category,
    nullif(rule.value ->> 'source', '') as source_pattern,
    nullif(rule.value ->> 'medium', '') as medium_pattern,
    nullif(rule.value ->> 'campaign', '') as campaign_pattern,
    nullif(rule.value ->> 'referrer', '') as referrer_pattern,
    true as is_enabled,
    'config' as rule_origin
  from json_each(cast($config_rules as json)) as rule
)

select
  priority,
  channel,
  source_category,
  source_pattern,
  medium_pattern,
  campaign_pattern,
  referrer_pattern,
  is_enabled,
  rule_origin
from configured_rules
union all
select
  priority,
  channel,
  source_category,
  source_pattern,
  medium_pattern,
  campaign_pattern,
  referrer_pattern,
  is_enabled,
  rule_origin
from default_rules
order by priority
