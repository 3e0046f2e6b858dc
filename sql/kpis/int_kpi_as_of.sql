-- int_kpi_as_of: one row. as_of_at = the latest occurred_at across the six staging tables.
-- Open items are aged to this instant, never to the wall clock, so the same data always gives
-- the same numbers (docs/kpis.md, "As-of instant").
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_kpi_as_of;

create or replace temp table int_kpi_as_of as
with latest_per_source as (
  select max(occurred_at) as latest_at from events_web
  union all
  select max(occurred_at) as latest_at from events_store
  union all
  select max(occurred_at) as latest_at from events_survey
  union all
  select max(occurred_at) as latest_at from events_support
  union all
  select max(occurred_at) as latest_at from events_delivery
  union all
  select max(occurred_at) as latest_at from events_review
)

select max(latest_at) as as_of_at
from latest_per_source
