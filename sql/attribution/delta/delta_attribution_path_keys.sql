-- The attribution paths an incremental run rebuilds, by path_key (sql/journeys/path_key.sql):
-- the converting paths of delta_attribution_conversions and the non-converting paths of
-- delta_attribution_customers (journeys/delta/delta_attribution_scope.sql). One key, as DuckDB
-- cannot hash-join an OR of two IN lists. Definition: docs/attribution.md ("Incremental refresh").
create or replace temp table delta_attribution_path_keys as
select path_key(conversion_id, null) as path_key from delta_attribution_conversions
union
select path_key(null, customer_key) from delta_attribution_customers
