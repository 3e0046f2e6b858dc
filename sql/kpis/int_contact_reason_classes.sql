-- int_contact_reason_classes: one row per configured contact reason with its value to the
-- customer and to the company (config contactReasons) and its quadrant of Bill Price's
-- value–irritant matrix. Reasons not configured are 'unclassified' (in contact_reasons).
-- Parameters: $classes, a JSON list of {contact_reason, customer_value, company_value}.
-- Definition: docs/kpis.md ("Contact reasons").
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_contact_reason_classes;

create or replace temp table int_contact_reason_classes as
with configured_classes as (
  select unnest(
    from_json($classes, '[{"contact_reason":"VARCHAR","customer_value":"VARCHAR","company_value":"VARCHAR"}]'),
    recursive := true
  )
),

value_irritant_quadrants as (
  select customer_value, company_value, quadrant
  from (
    values
      ('high', 'high', 'leverage'),
      ('high', 'low', 'automate'),
      ('low', 'high', 'simplify'),
      ('low', 'low', 'eliminate')
  ) as quadrants (customer_value, company_value, quadrant)
)

select
  configured_classes.contact_reason,
  configured_classes.customer_value,
  configured_classes.company_value,
  coalesce(value_irritant_quadrants.quadrant, 'unclassified') as quadrant
from configured_classes
left join value_irritant_quadrants
  on configured_classes.customer_value = value_irritant_quadrants.customer_value
  and configured_classes.company_value = value_irritant_quadrants.company_value
