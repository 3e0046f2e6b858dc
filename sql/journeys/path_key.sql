-- A path's key, one value for the two kinds of path: a converting path is its conversion's
-- ('conversion:' || conversion_id), a customer's non-converting path (conversion_id null) its
-- customer's ('customer:' || customer_key). The paths mart does not store it; the incremental
-- merge of paths and the attribution paths (int_attribution_paths.path_key) key on it.
create or replace macro path_key(conversion_id, customer_key) as
  coalesce('conversion:' || conversion_id, 'customer:' || customer_key)
