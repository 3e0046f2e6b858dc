-- report: the newest event a source's published staging table holds (UTC, ISO 8601).
select strftime(max(occurred_at) at time zone 'UTC', '%Y-%m-%dT%H:%M:%SZ') as newest_event_at
from read_parquet($files, union_by_name = true)
