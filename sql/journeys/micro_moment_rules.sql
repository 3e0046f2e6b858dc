-- micro_moment_rules: one row per rule giving an event its micro-moment: the event's source
-- (web, store, support), its event_type and, optionally, a LIKE pattern (lower case) the
-- lower-cased page path must match. An event takes the first rule (lowest priority) it matches;
-- events no rule matches (signup, app_open, …) carry no micro-moment.
-- Parameters: $rules_file (seeds/micro_moment_rules.csv).
-- Definition: docs/journeys.md ("Micro-moments").
create or replace table micro_moment_rules as
select
  priority,
  touchpoint_source,
  event_type,
  nullif(page_pattern, '') as page_pattern,
  micro_moment
from read_csv(
  $rules_file,
  header = true,
  auto_detect = false,
  quote = '"',
  escape = '"',
  columns = {
    'priority': 'INTEGER',
    'touchpoint_source': 'VARCHAR',
    'event_type': 'VARCHAR',
    'page_pattern': 'VARCHAR',
    'micro_moment': 'VARCHAR'
  }
)
