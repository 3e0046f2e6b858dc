-- source_categories: one row per known traffic source (a utm_source value or a referrer host)
-- with its category: SEARCH, SOCIAL, VIDEO or SHOPPING, as GA4's channel rules use them, and
-- who lists it: 'google' (Google's published list, complete) or 'touchpoint' (search and
-- social hosts this project adds, such as google.de). A source matches an entry exactly
-- (ignoring case), as in GA4: a subdomain does not take its parent's category.
-- Parameters: $categories_file (seeds/source_categories.csv).
-- Definition and source: docs/journeys.md ("Channels").
create or replace table source_categories as
select lower(trim(source)) as source, upper(trim(category)) as category, trim(listed_by) as listed_by
from read_csv(
  $categories_file,
  header = true,
  auto_detect = false,
  quote = '"',
  escape = '"',
  columns = {'source': 'VARCHAR', 'category': 'VARCHAR', 'listed_by': 'VARCHAR'}
)
