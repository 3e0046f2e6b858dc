-- Control tables of the warehouse: runs, the input files they read, and rejected rows.
-- Created once; later versions add columns with `alter table ... add column if not exists`.

-- one row per pipeline run; run_id sorts by start time
create table if not exists runs (
  run_id varchar primary key,
  trigger varchar not null,            -- cli | schedule | test
  started_at timestamptz not null,
  finished_at timestamptz,
  outcome varchar not null,            -- running | success | failed | quarantine_limit | abandoned
  error varchar,
  config_digest varchar,
  stages json,                         -- [{stage, seconds, rows}]
  summary json
);

-- one row per input file seen by a run; a file whose sha256 has a 'loaded' row is never read again
create table if not exists input_files (
  file_id integer primary key,
  run_id varchar not null,
  source varchar not null,
  path varchar not null,               -- relative to the inbox
  sha256 varchar not null,
  bytes bigint not null,
  format varchar not null,
  status varchar not null,             -- loaded | unreadable | held | skipped
  rows_read bigint not null default 0,
  accepted bigint not null default 0,
  quarantined bigint not null default 0,
  duplicates bigint not null default 0,
  message varchar,
  seen_at timestamptz not null
);

-- a file's modification time (ms): a loaded file with the same path, size and time is not hashed again
alter table input_files add column if not exists mtime_ms bigint;

-- one row per rejected input row; raw has e-mail addresses and phone numbers masked
create table if not exists quarantine (
  run_id varchar not null,
  source varchar not null,
  file varchar not null,
  row_number bigint not null,
  rule varchar not null,
  message varchar not null,
  raw varchar
);

-- what the derived tables (identity → reputation) were last built from: the build digest (code,
-- model-relevant config, analysis window) and the newest input file they include. Emptied
-- before a stage changes a derived table and written when the last one is done, so a run that
-- stops half-way leaves no row and the next run rebuilds everything.
create table if not exists derived_state (
  build_digest varchar not null,
  through_file_id integer not null,
  run_id varchar not null
);

-- source mappings (docs/mappings.md): rows a mapping's filter left out, which mapping read the
-- file, and its digest; a loaded file whose mapping's digest changed is read again and its
-- earlier record becomes status 'replaced'
alter table input_files add column if not exists filtered bigint default 0;
alter table input_files add column if not exists mapping varchar;
alter table input_files add column if not exists mapping_digest varchar;

-- privacy (docs/privacy.md). A quarantined row keeps the keyed hashes of its identifiers, event
-- id, order and ticket (src/ingest/person-keys.ts), so `forget` finds it without raw values.
alter table quarantine add column if not exists identifier_hashes varchar[];
alter table quarantine add column if not exists event_hash varchar;
alter table quarantine add column if not exists link_hashes varchar[];
-- rows of a forgotten customer that ingest left out
alter table input_files add column if not exists suppressed bigint default 0;

-- the suppression list: keyed hashes of every identifier of an erased customer and of the ids of
-- their erased events, orders and tickets; a row being loaded that is theirs by the rule of
-- src/ingest/person-keys.ts is not loaded (counted as suppressed)
create table if not exists suppression (
  role varchar not null,               -- identifier | event | link
  key varchar not null,                -- HMAC-SHA256 hex of the key under the pseudonymisation key
  erasure_id varchar not null
);

-- one row per identifier named to `forget`; no raw value
create table if not exists erasures (
  erasure_id varchar not null,         -- the forget's id (like a run id)
  requested_at timestamptz not null,
  completed_at timestamptz,            -- republished, older versions removed, warehouse compacted; null while pending
  identifier_type varchar not null,
  identifier_hash varchar not null,    -- keyed hash of '<type>:<value as staged>'
  outcome varchar not null,            -- erased | not_found | held_back
  customers integer not null,
  events bigint not null,
  removed json not null                -- rows removed per table, e.g. {"events_web": 12, "quarantine": 1}
);

-- warehouse_migrations: one row per one-off change to data loaded by an earlier version,
-- applied once (src/ingest/staged-id-migration.ts).
create table if not exists warehouse_migrations (
  name varchar primary key,
  applied_at timestamptz not null
);

-- whether the run let DuckDB compact the tables at its checkpoints (src/run/compaction.ts)
alter table runs add column if not exists compacted boolean;

-- Zendesk (docs/presets/zendesk.md): the requester changes the audits of earlier runs read. A
-- change is no event of its own, yet a ticket's later comments belong to its latest requester,
-- which no staged event may carry when a run loaded the change alone.
create table if not exists zendesk_requesters (
  event_id varchar not null,           -- requester:<audit event id>
  ticket_id varchar not null,
  customer_id varchar not null,        -- zendesk:<requester id>
  changed_at timestamptz not null,
  file_id integer not null,
  row_number bigint not null
);
