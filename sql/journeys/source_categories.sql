-- source_categories: one row per known traffic source (a utm_source value or a referrer host)
-- with its category: SEARCH, SOCIAL, VIDEO or SHOPPING, as GA4's channel rules use them.
-- A source with a dot also matches its subdomains (l.instagram.com → instagram.com); the
-- longest matching entry wins (shopping.google.com is SHOPPING, google.com SEARCH).
-- Parameters: $categories_file (seeds/source_categories.csv).
-- Definition and source: docs/journeys.md ("Channels").
create or replace table source_categories as
select lower(trim(source)) as source, upper(trim(category)) as category
from read_csv(
  $categories_file,
  header = true,
  auto_detect = false,
  quote = '"',
  escape = '"',
  columns = {'source': 'VARCHAR', 'category': 'VARCHAR'}
)
