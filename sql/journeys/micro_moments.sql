-- micro_moments: one row per micro-moment (Google's I-want-to-know/-go/-do/-buy) with its
-- strength; a touchpoint with several takes the strongest (buy > go > do > know).
-- Parameters: $moments_file (seeds/micro_moments.csv).
-- Definition: docs/journeys.md ("Micro-moments").
create or replace table micro_moments as
select micro_moment, strength, intent
from read_csv(
  $moments_file,
  header = true,
  auto_detect = false,
  quote = '"',
  escape = '"',
  columns = {'micro_moment': 'VARCHAR', 'strength': 'INTEGER', 'intent': 'VARCHAR'}
)
