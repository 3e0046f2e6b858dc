-- int_business_holidays: one row per local calendar date on which the business is closed all
-- day, seeded from config kpis.businessHours.holidays.
-- Parameters: $holidays, a JSON list of 'YYYY-MM-DD' strings. Definition: docs/kpis.md, "Business hours".
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_business_holidays;

create or replace temp table int_business_holidays as
with configured_holidays as (
  select unnest(from_json($holidays, '["DATE"]')) as holiday_date
)

select distinct holiday_date
from configured_holidays
where holiday_date is not null
