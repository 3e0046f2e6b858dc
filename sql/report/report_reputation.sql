-- report: reviews per week and platform over all stores (reputation as published, the rows
-- whose store_id is the roll-up), the all-platform row included.
select
  strftime(week, '%Y-%m-%d') as week,
  platform,
  store_id,
  reviews,
  avg_rating,
  avg_sentiment,
  share_negative,
  reply_rate
from read_parquet($files, union_by_name = true)
where store_id = '(all)'
order by week, platform
