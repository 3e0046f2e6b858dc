/**
 * The ingest stage: new inbox files → raw text tables → set-wise validation → staging tables
 * and quarantine. Nothing reaches the staging tables until every file of the run has been read
 * and the quarantine share checked; then one transaction adds events, quarantine rows and the
 * file records together, so a killed run leaves no half-loaded file behind.
 */
import { Effect } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { canonicalEncoding, type Sources } from "../../schemas/mapping.ts"
import { sourceColumns, sourceNames, type SourceName } from "../../schemas/sources.ts"
import { numberList, profiled, textList, type DuckdbService, type Params, type Statements } from "../duckdb/duckdb.ts"
import { withTemporaryTables } from "../duckdb/models.ts"
import { FileSystemError, InputUnreadable, QuarantineLimitExceeded, WarehouseError } from "../errors.ts"
import { discoverInbox, type Format, type InboxFile, type UnsupportedFile } from "./discover.ts"
import { checkFile } from "./file-hash.ts"
import { detectPreset } from "./detect-preset.ts"
import { requiredFieldSources } from "./field-sources.ts"
import { detectedMapping, mappingFor, unmatchedMappings, type AppliedMapping, type ReadContext } from "./file-mappings.ts"
import { prepareText, setEncoding, type TextSource } from "./prepare-text.ts"
import { hmacPads } from "./pseudonymise.ts"
import { pseudonymiseStagedEmailIds } from "./staged-id-migration.ts"
import { belongingRows, hashedKeys, keyColumns, rowKeys } from "./person-keys.ts"
import { readArrow } from "./read-arrow.ts"
import { readCsv } from "./read-csv.ts"
import { presetSettlers } from "./presets/index.ts"
import { batchRecord, notNdjson, readNdjson, readNdjsonBatch, restoreRawLines } from "./read-ndjson.ts"
import { readParquet } from "./read-parquet.ts"
import {
  addMissingColumnsSql,
  createEventsTableSql,
  createRawTableSql,
  eventsTable,
  piiFieldNames,
  rawTable,
  excludedTable,
  stagingColumnNames,
  validatedTable,
  validationSql
} from "./source-columns.ts"

export type FileStatus = "loaded" | "unreadable" | "held" | "skipped" | "unsupported"

export interface FileOutcome {
  readonly source: string
  readonly path: string
  readonly format: Format | null
  readonly sha256: string | null
  readonly bytes: number
  readonly status: FileStatus
  readonly rowsRead: number
  readonly accepted: number
  readonly quarantined: number
  readonly duplicates: number
  /** Rows the mapping's filter left out on purpose. */
  readonly filtered: number
  /** Rows of a forgotten customer, not loaded (docs/privacy.md). */
  readonly suppressed: number
  /** The mapping that read the file (`sources.<source>.files[i] (match …)`), or null for the contract's shape. */
  readonly mapping: string | null
  /** Loaded before with another mapping: its earlier events were replaced by this read. */
  readonly replaced: boolean
  readonly message: string | null
}

export interface SourceCounts {
  readonly read: number
  readonly accepted: number
  readonly quarantined: number
  readonly duplicates: number
  readonly filtered: number
  readonly suppressed: number
}

/** The first rows of a file as its mapping made them (`validate --show`), and how often each field came out empty. */
export interface FilePreview {
  readonly path: string
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>
  readonly emptyPerField: Readonly<Record<string, number>>
  readonly rowsMapped: number
}

export interface IngestResult {
  readonly files: ReadonlyArray<FileOutcome>
  readonly sources: Readonly<Record<SourceName, SourceCounts>>
  /** Files read again because their mapping changed: the derived tables must be rebuilt. */
  readonly replacedFiles: number
  /** The configured mappings that read none of the inbox's files (file-mappings.ts unmatchedMappings). */
  readonly unmatchedMappings: ReadonlyArray<string>
  readonly previews: ReadonlyArray<FilePreview>
}

export interface IngestOptions {
  readonly inbox: string
  readonly runId: string
  readonly timezone: string
  readonly piiKey: Buffer
  readonly maxQuarantineShare: number
  readonly now: Date
  /** Hash every inbox file even when its path, size and modification time match a loaded one. */
  readonly hashEveryFile?: boolean
  /** Source mappings (config `sources`); files no mapping matches are read in the contract's shape. */
  readonly sources?: Sources
  /** ingest.minTimestamp (YYYY-MM-DD): earlier instants are quarantined as implausible. */
  readonly minTimestamp?: string
  /** Keep the first N rows of every file as mapped, with per-field empty counts (validate --show). */
  readonly preview?: number
}

const readers: Record<Format, (db: Statements, file: InboxFile, fileId: number, context: ReadContext) => Effect.Effect<void, InputUnreadable | WarehouseError>> = {
  ndjson: readNdjson,
  csv: readCsv,
  parquet: readParquet,
  arrow: readArrow
}

/** Creates the control and staging tables if this warehouse does not have them yet. */
export const ensureWarehouse = (db: Statements): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* db.runFile("warehouse/control_tables.sql")
    for (const s of sourceNames) yield* db.run(createEventsTableSql(s))
    // one look at the catalogue; an alter only for a column a warehouse made before lacks
    const columns = yield* db.all("select table_name, column_name from duckdb_columns() where schema_name = 'main' and table_name like 'events\\_%' escape '\\'")
    for (const s of sourceNames) {
      const existing = new Set(columns.filter((c) => c["table_name"] === eventsTable(s)).map((c) => String(c["column_name"])))
      for (const statement of addMissingColumnsSql(s, existing)) yield* db.run(statement)
    }
  })

// Masks identifiers in a raw row: by key where the row is JSON, by shape everywhere (a line
// that could not be parsed still may hold an address or a number).
const maskedRaw = (source: SourceName): string => {
  const keys = piiFieldNames(source)
  let expr = "v.raw"
  if (keys.length > 0) {
    expr = `regexp_replace(${expr}, '("(${keys.join("|")})"\\s*:\\s*)"[^"]*"', '\\1"***"', 'g')`
  }
  // letters of any script: an address may be written jon@müller.de
  expr = `regexp_replace(${expr}, '[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+', '***@***', 'g')`
  if (keys.includes("phone")) {
    expr = `case when v.rule = 'parse' then regexp_replace(${expr}, '\\+?\\d[\\d ()/.-]{5,}\\d', '***', 'g') else ${expr} end`
  }
  return expr
}

/** The same content read with the same mapping (digest; null = the contract's shape) is the same file. */
const contentKey = (sha256: string, digest: string | null) => `${sha256}/${digest ?? ""}`

const loadedHashes = (db: Statements, hashes: ReadonlyArray<string>) =>
  hashes.length === 0
    ? Effect.succeed(new Map<string, string>())
    : db.all(
      `select sha256, coalesce(mapping_digest, '') as digest, any_value(path) as path from input_files
where status = 'loaded' and list_contains($hashes, sha256) group by all`,
      { hashes: textList(hashes) }
    ).pipe(Effect.map((rows) => new Map(rows.map((r) => [`${String(r["sha256"])}/${String(r["digest"])}`, String(r["path"])]))))

/**
 * Loaded files with the same path and content whose mapping differs from the one that applies
 * now: this read replaces them. Earlier versions of a file overwritten at the same path are not
 * in the inbox any more, so they keep their events (and their mapping).
 */
const remapped = (db: Statements, files: ReadonlyArray<{ readonly path: string; readonly sha256: string; readonly digest: string | null }>) =>
  files.length === 0
    ? Effect.succeed(new Map<string, ReadonlyArray<number>>())
    : db.all(
      `select f.path, list(input_files.file_id order by input_files.file_id)::integer[] as file_ids
from (select unnest($paths) as path, unnest($hashes) as sha256, unnest($digests) as digest) as f
inner join input_files on input_files.path = f.path and input_files.sha256 = f.sha256
where input_files.status = 'loaded' and coalesce(input_files.mapping_digest, '') <> f.digest
group by f.path`,
      { paths: textList(files.map((f) => f.path)), hashes: textList(files.map((f) => f.sha256)), digests: textList(files.map((f) => f.digest ?? "")) }
    ).pipe(Effect.map((rows) => new Map(rows.map((r) => [String(r["path"]), numbers(r["file_ids"])]))))

const numbers = (v: unknown): ReadonlyArray<number> => (Array.isArray(v) ? v.map(Number) : [])

/**
 * A file recognised as a preset's export has no configured mapping in which to set what the
 * reason asks for (csv.encoding, a date format): say how to name the preset in one.
 */
const withPresetAdvice = (t: { file: InboxFile; mapping: AppliedMapping | null }, reason: string): string => {
  const preset = t.mapping?.detected ?? null
  // csv.encoding is read for CSV files only
  if (preset === null || t.file.format !== "csv" || !reason.includes(setEncoding)) return reason
  const entry = JSON.stringify({ match: t.file.sourcePath, preset, csv: { encoding: "windows-1252" } })
  return `${reason}; it was recognised as preset ${preset}: name the preset in sources.${t.file.source}.files with those settings, e.g. ${entry}`
}

/** The outcome of a file of the inbox that loads nothing this run. */
const notLoaded = (file: InboxFile, sha256: string, status: FileStatus, message: string): FileOutcome => ({
  source: file.source, path: file.relativePath, format: file.format, sha256, bytes: file.bytes,
  status, rowsRead: 0, accepted: 0, quarantined: 0, duplicates: 0, filtered: 0, suppressed: 0, mapping: null, replaced: false, message
})

/**
 * Relative path → sha256 of the discovered files whose loaded record has the same size,
 * modification time and mapping.
 */
const unchangedFiles = (db: Statements, files: ReadonlyArray<{ readonly file: InboxFile; readonly digest: string | null }>) =>
  files.length === 0
    ? Effect.succeed(new Map<string, string>())
    : db.all(
      `select f.path, any_value(input_files.sha256) as sha256
from (select unnest($paths) as path, unnest($bytes) as bytes, unnest($mtimes) as mtime_ms, unnest($digests) as digest) as f
inner join input_files
  on input_files.path = f.path and input_files.bytes = f.bytes and input_files.mtime_ms = f.mtime_ms
  -- '*': no configured mapping; the file was read in the contract's shape or by a detected preset
  and (coalesce(input_files.mapping_digest, '') = f.digest
    or (f.digest = '*' and (input_files.mapping is null or input_files.mapping like 'detected %')))
where input_files.status = 'loaded'
group by f.path`,
      {
        paths: textList(files.map((f) => f.file.relativePath)),
        bytes: numberList(files.map((f) => f.file.bytes)),
        mtimes: numberList(files.map((f) => f.file.mtimeMs)),
        digests: textList(files.map((f) => f.digest ?? "*"))
      }
    ).pipe(Effect.map((rows) => new Map(rows.map((r) => [String(r["path"]), String(r["sha256"])]))))

const num = (v: unknown) => Number(v ?? 0)

const noRows: SourceCounts = { read: 0, accepted: 0, quarantined: 0, duplicates: 0, filtered: 0, suppressed: 0 }

/** What a run that reads no inbox file (a `forget`) ingested. */
export const nothingIngested: IngestResult = {
  files: [],
  sources: { web: noRows, store: noRows, survey: noRows, support: noRows, delivery: noRows, review: noRows },
  replacedFiles: 0,
  previews: [],
  unmatchedMappings: []
}

export const ingest = (db: DuckdbService, options: IngestOptions): Effect.Effect<IngestResult, WarehouseError | FileSystemError | QuarantineLimitExceeded> =>
  // A file's line numbers are its rows' positions in the scan (row_number() over ()), which
  // holds only while DuckDB keeps insertion order; the setting is database-wide, and the run
  // turns it off for the model stages (pipelines/run.ts), so ingest turns it on.
  db.run("set preserve_insertion_order = true").pipe(
    Effect.zipRight(discoverInbox(options.inbox)),
    Effect.flatMap((discovered) => ingestFiles(db, options, discovered))
  )

/** A scratch folder for normalised copies of text files, removed when the run's ingest ends. */
const scratchFolder = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "touchpoint-ingest-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

interface ToRead {
  readonly file: InboxFile
  readonly sha256: string
  readonly hasCarriageReturn: boolean
  readonly utf16: boolean
  readonly mapping: AppliedMapping | null
  /** Earlier loads of this path with another mapping, replaced when this read is loaded. */
  readonly replaces: ReadonlyArray<number>
}

/** Loads the given files (already discovered) as one run. */
export const ingestFiles = (
  db: DuckdbService,
  options: Omit<IngestOptions, "inbox">,
  discovered: { readonly files: ReadonlyArray<InboxFile>; readonly unsupported: ReadonlyArray<UnsupportedFile> }
): Effect.Effect<IngestResult, WarehouseError | FileSystemError | QuarantineLimitExceeded> =>
  // the run's temporary tables hold a whole inbox: dropped when ingest ends, whether or not it succeeded
  withTemporaryTables(db, [], Effect.scoped(Effect.gen(function*() {
    yield* ensureWarehouse(db)
    const outcomes: Array<FileOutcome> = discovered.unsupported.map((u) => ({
      source: u.relativePath.split("/")[0] ?? "",
      path: u.relativePath,
      format: null,
      sha256: null,
      bytes: 0,
      status: "unsupported",
      rowsRead: 0,
      accepted: 0,
      quarantined: 0,
      duplicates: 0,
      filtered: 0,
      suppressed: 0,
      mapping: null,
      replaced: false,
      message: u.reason
    }))
    const sourcesConfig = options.sources ?? {}
    const configured = discovered.files.map((file) => ({ file, mapping: mappingFor(sourcesConfig, file) }))

    // A file loaded before under the same path, size, modification time and mapping is that
    // file: it is not hashed again (hashing a large inbox is most of a quiet night's ingest). A
    // full refresh hashes every file.
    const unchanged = options.hashEveryFile === true
      ? new Map<string, string>()
      : yield* unchangedFiles(db, configured.map((m) => ({ file: m.file, digest: m.mapping?.digest ?? null })))
    for (const f of discovered.files) {
      const sha256 = unchanged.get(f.relativePath)
      if (sha256 === undefined) continue
      outcomes.push(notLoaded(f, sha256, "skipped", "already loaded (same path, size and modification time)"))
    }
    // A file no mapping matches may still be a known system's export (docs/presets/).
    const withDigest = yield* Effect.forEach(configured.filter((m) => !unchanged.has(m.file.relativePath)), (m) =>
      (m.mapping !== null ? Effect.succeed(m.mapping) : detectPreset(db, m.file).pipe(Effect.map((p) => (p === null ? null : detectedMapping(p, m.file))))).pipe(
        Effect.map((mapping) => ({ file: m.file, mapping, digest: mapping?.digest ?? null }))
      ))
    // a few files at a time: hashing streams from disk, so reads overlap with hashing
    const checked = yield* profiled(
      "ingest hash files",
      Effect.forEach(withDigest, (m) => checkFile(m.file.path, m.file.gzipped).pipe(Effect.map((c) => ({ ...m, ...c }))), { concurrency: 4 })
    )
    for (const c of checked) {
      if (c.gzipError === null) continue
      outcomes.push(notLoaded(c.file, c.sha256, "unreadable", `is a damaged or truncated gzip file (${c.gzipError}); nothing of it was loaded`))
    }
    const hashed = checked.filter((c) => c.gzipError === null)
    const already = yield* loadedHashes(db, hashed.map((h) => h.sha256))
    const firstInRun = new Map<string, string>()
    const candidates: Array<typeof hashed[number]> = []
    for (const h of hashed) {
      const key = contentKey(h.sha256, h.digest)
      const loadedAs = already.get(key) ?? firstInRun.get(key)
      if (loadedAs !== undefined) {
        outcomes.push(notLoaded(h.file, h.sha256, "skipped", `same content as ${loadedAs}, already loaded`))
      } else {
        firstInRun.set(key, h.file.relativePath)
        candidates.push(h)
      }
    }
    const earlier = yield* remapped(db, candidates.map((c) => ({ path: c.file.relativePath, sha256: c.sha256, digest: c.digest })))
    const toRead: Array<ToRead> = candidates.map((c) => ({
      file: c.file, sha256: c.sha256, hasCarriageReturn: c.hasCarriageReturn, utf16: c.utf16, mapping: c.mapping, replaces: earlier.get(c.file.relativePath) ?? []
    }))

    const [maxRow] = yield* db.all("select coalesce(max(file_id), 0)::integer as max_id from input_files")
    let nextFileId = num(maxRow?.["max_id"]) + 1
    const pads = hmacPads(options.piiKey)
    yield* pseudonymiseStagedEmailIds(db, pads)
    const [suppressionRows] = yield* db.all("select count(*) as n from suppression")
    const suppressing = Number(suppressionRows?.["n"] ?? 0) > 0
    const shared: Params = {
      timezone: options.timezone,
      min_at: `${options.minTimestamp ?? "2000-01-01"}T00:00:00Z`,
      max_at: new Date(options.now.getTime() + 24 * 3600 * 1000).toISOString()
    }
    const scratch = yield* scratchFolder
    yield* db.run("create or replace temp table run_files (file_id integer, source varchar, path varchar)")
    yield* db.run("create or replace temp table replaced_files (file_id integer, source varchar, path varchar)")
    yield* db.run(
      "create or replace temp table pending_quarantine as select * from quarantine limit 0"
    )

    type Read = ToRead & { readonly fileId: number; readonly text: TextSource }
    const validatedSources: Array<SourceName> = []
    const readFiles: Array<Read> = []
    const previews: Array<FilePreview> = []
    for (const source of sourceNames) {
      const files = toRead.filter((t) => t.file.source === source)
      yield* db.run(createRawTableSql(source, true))
      const withIds = files.map((t) => ({ ...t, fileId: nextFileId++ }))
      // the outcome becomes the run's note on the file (a log line would say it twice)
      const unreadable = (t: { file: InboxFile; sha256: string; mapping: AppliedMapping | null }, reason: string) =>
        Effect.sync(() => void outcomes.push({ ...notLoaded(t.file, t.sha256, "unreadable", withPresetAdvice(t, reason)), mapping: t.mapping?.key ?? null }))
      const original = (t: ToRead): TextSource => ({ path: t.file.path, compression: t.file.gzipped ? "gzip" : "none", copied: false })
      // NDJSON files of one mapping (or none) whose lines need no normalising are read in few
      // scans: many daily files cost more in statements than in bytes.
      const batchable = withIds.filter((t) => t.file.format === "ndjson" && !t.hasCarriageReturn && !t.utf16 && t.mapping?.entry.json === undefined)
      const groups = new Map<string, Array<typeof batchable[number]>>()
      // by the mapping as expanded: a preset may read one file differently from the next (Zendesk's streams)
      const batchKey = (t: typeof batchable[number]) => (t.mapping === null ? "" : JSON.stringify(t.mapping.entry))
      for (const t of batchable) groups.set(batchKey(t), [...(groups.get(batchKey(t)) ?? []), t])
      // kept until the commit, which loads its accepted rows: no copy of them waits in between
      const validated = validatedTable(source)
      if (files.length > 0) {
        yield* db.run(`create or replace temp table ${validated} as ${validationSql(source)} limit 0`, { ...shared, ...pads })
      }
      // Dropping a file's rows, wherever its reader put them.
      const dropRows = (ids: ReadonlyArray<number>) =>
        Effect.forEach([rawTable(source), validated], (table) => db.run(`delete from ${table} where list_contains($ids, file_id)`, { ids: numberList(ids) }), { discard: true })
      const batched = new Set<number>()
      for (const group of groups.values()) {
        if (group.length < 2) continue
        const mapping = group[0]?.mapping ?? null
        // A batch is validated as it is read, skipping the raw table (most of a large read's
        // time went into writing it), unless something needs its raw rows: a preset that settles
        // across files, a mapping that makes several rows of one line, a preview.
        const onRead = options.preview === undefined && (mapping === null ||
          ((mapping.entry.explode ?? []).length === 0 && (mapping.entry.preset === undefined || presetSettlers[mapping.entry.preset] === undefined)))
        const into = onRead ? (select: string) => `insert into ${validated} ${validationSql(source, { relation: `(${select})`, record: batchRecord })}` : undefined
        const batch = yield* Effect.either(profiled(
          `ingest read ${source}: ${group.length} NDJSON files in scans${onRead ? ", validated as read" : ""}`,
          readNdjsonBatch(db, source, group, { ...shared, ...pads }, mapping, into === undefined ? {} : { into })
        ))
        if (batch._tag === "Left") {
          // Some file in the batch is unreadable: they are read one by one to say which.
          yield* dropRows(group.map((t) => t.fileId))
          continue
        }
        const notJson = new Map((yield* notNdjson(db, source, group.map((t) => t.fileId))).map((r) => [r.fileId, r.lines]))
        for (const t of group) {
          batched.add(t.fileId)
          const lines = notJson.get(t.fileId)
          if (lines === undefined) {
            readFiles.push({ ...t, text: original(t) })
            continue
          }
          yield* dropRows([t.fileId])
          yield* unreadable(t, `is not NDJSON: none of its ${lines} lines is a JSON object`)
        }
      }
      const oneByOne = withIds.filter((t) => !batched.has(t.fileId))
      for (const t of oneByOne) {
        const isText = t.file.format === "csv" || t.file.format === "ndjson"
        const prepared = isText
          ? yield* Effect.either(prepareText(t.file, {
            // a UTF-16 byte-order mark says the encoding where the mapping does not
            encoding: canonicalEncoding((t.file.format === "csv" ? t.mapping?.entry.csv?.encoding : undefined) ?? (t.utf16 ? "utf-16" : undefined)),
            // DuckDB reads a JSON document whole, without inflating it: a gzipped one gets a copy
            hasCarriageReturn: t.hasCarriageReturn || (t.file.gzipped && t.mapping?.entry.json?.records !== undefined),
            scratch,
            fileId: t.fileId
          }))
          : { _tag: "Right" as const, right: original(t) }
        if (prepared._tag === "Left") {
          yield* unreadable(t, prepared.left.reason)
          continue
        }
        const text = prepared.right
        const result = yield* Effect.either(profiled(`ingest read ${t.file.relativePath}`, readers[t.file.format](db, t.file, t.fileId, { mapping: t.mapping, text, params: shared, scratch })))
        if (result._tag === "Left") {
          const e = result.left
          if (e._tag === "WarehouseError") return yield* e
          // A file that was half-appended before it failed must leave nothing behind.
          yield* db.run(`delete from ${rawTable(source)} where file_id = $file_id`, { file_id: t.fileId })
          yield* unreadable(t, e.reason)
          continue
        }
        // a normalised copy of a CSV is not read again (NDJSON copies are, for the raw lines of rejected rows)
        if (text.copied && t.file.format === "csv") yield* Effect.promise(() => rm(text.path, { force: true }))
        readFiles.push({ ...t, text })
      }
      const loadedHere = readFiles.filter((r) => r.file.source === source)
      if (loadedHere.length > 0) {
        yield* db.run("insert into run_files select unnest($ids), $source, unnest($paths)", {
          ids: numberList(loadedHere.map((r) => r.fileId)), source, paths: textList(loadedHere.map((r) => r.file.relativePath))
        })
      }
      const replacing = loadedHere.flatMap((r) => r.replaces.map((id) => ({ id, path: r.file.relativePath })))
      if (replacing.length > 0) {
        yield* db.run("insert into replaced_files select unnest($ids), $source, unnest($paths)", {
          ids: numberList(replacing.map((r) => r.id)), source, paths: textList(replacing.map((r) => r.path))
        })
      }
      if (files.length === 0) continue
      // what one record of a preset's export cannot say is settled across the run's files (src/ingest/presets/index.ts)
      for (const [preset, settler] of Object.entries(presetSettlers)) {
        const ids = loadedHere.filter((r) => r.mapping?.entry.preset === preset).map((r) => r.fileId)
        if (ids.length > 0) yield* settler.settle(db, ids)
      }
      validatedSources.push(source)
      yield* profiled(`ingest validate ${source}`, db.run(`insert into ${validated} ${validationSql(source)}`, { ...shared, ...pads }))
      const withRejects = new Set((yield* db.all(`select distinct file_id from ${validated} where rule is not null and rule <> 'parse'`)).map((r) => Number(r["file_id"])))
      // (a JSON document's records are not its lines: their quarantine shows the mapped values)
      yield* restoreRawLines(db, validated, readFiles.filter((r) => r.file.source === source && r.file.format === "ndjson" && r.mapping?.entry.json?.records === undefined && withRejects.has(r.fileId)).map((r) => ({ file: { ...r.file, path: r.text.path }, fileId: r.fileId })))
      // Rows of a forgotten customer are neither loaded nor quarantined (docs/privacy.md).
      const quarantineKeys = hashedKeys(rowKeys(source, "v"))
      yield* db.run(
        `create or replace temp table suppressed_records as ${suppressing
          ? belongingRows(`(select v.record as rid, ${keyColumns(quarantineKeys)} from ${validated} as v where not v.filtered)`, "suppression")
          : "select null::bigint as rid limit 0"}`,
        suppressing ? pads : {}
      )
      // Events of files read again (their mapping changed) give way to the new read.
      const staged = replacing.length === 0
        ? eventsTable(source)
        : `(select event_id from ${eventsTable(source)} where file_id not in (select file_id from replaced_files))`
      // Valid rows that are not loaded: a later copy of an event id in this run (the first by
      // file, then line, then the record a line made is loaded), an id already staged, a
      // forgotten customer's. Only the ids that repeat are ordered, on their keys.
      yield* profiled(`ingest deduplicate ${source}`, db.run(
        `create or replace temp table ${excludedTable(source)} as
with candidates as (
  select event_id, record, file_id, row_number
  from ${validated} as validated
  anti join suppressed_records as suppressed on suppressed.rid = validated.record
  where rule is null and not filtered
),
repeated as (
  select event_id from candidates group by event_id having count(*) > 1
)
select record from candidates
semi join repeated on repeated.event_id = candidates.event_id
qualify row_number() over (partition by event_id order by file_id, row_number, record) > 1
union
-- a semi join, so DuckDB hashes the new rows rather than every staged event id
select record from candidates semi join ${staged} as staged on staged.event_id = candidates.event_id
union
select rid from suppressed_records`
      ))
      // a required field a mapping reads from somewhere: the message says where
      const sources = loadedHere.flatMap((r) => requiredFieldSources(source, r.mapping?.entry ?? null).map((s) => ({ fileId: r.fileId, ...s })))
      if (options.preview !== undefined && options.preview > 0) {
        previews.push(...(yield* previewRows(db, source, validated, loadedHere.map((r) => ({ ...r, fieldSources: sources.filter((s) => s.fileId === r.fileId) })), options.preview)))
      }
      yield* profiled(`ingest quarantine ${source}`, db.run(
        `insert into pending_quarantine (run_id, source, file, row_number, rule, message, raw, identifier_hashes, event_hash, link_hashes)
select $run_id, $source, f.path, v.row_number, v.rule, v.message || coalesce(fs.suffix, ''), ${maskedRaw(source)},
  ${quarantineKeys.identifiers}, ${quarantineKeys.event}, ${quarantineKeys.links}
from ${validated} as v
inner join run_files as f on f.file_id = v.file_id
left join (select unnest($fs_files) as file_id, unnest($fs_rules) as rule, unnest($fs_suffixes) as suffix) as fs
  on fs.file_id = v.file_id and fs.rule = v.rule
anti join suppressed_records as suppressed on suppressed.rid = v.record
where v.rule is not null`,
        {
          run_id: options.runId, source, ...pads,
          fs_files: numberList(sources.map((s) => s.fileId)),
          fs_rules: textList(sources.map((s) => s.rule)),
          fs_suffixes: textList(sources.map((s) => s.suffix))
        }
      ))
      const counts = yield* db.all(
        `with read as (
  select file_id, count(*) as rows_read,
    count(*) filter (where rule is not null and suppressed.rid is null) as quarantined,
    count(*) filter (where filtered) as filtered,
    count(suppressed.rid) as suppressed,
    count(*) filter (where rule is null and not filtered and excluded.record is null) as accepted
  from ${validated} as validated
  left join suppressed_records as suppressed on suppressed.rid = validated.record
  left join ${excludedTable(source)} as excluded on excluded.record = validated.record
  group by file_id
)
select f.file_id, coalesce(r.rows_read, 0)::bigint as rows_read, coalesce(r.quarantined, 0)::bigint as quarantined,
  coalesce(r.filtered, 0)::bigint as filtered, coalesce(r.suppressed, 0)::bigint as suppressed,
  coalesce(r.accepted, 0)::bigint as accepted
from run_files as f
left join read as r on r.file_id = f.file_id
where f.source = $source`,
        { source }
      )
      const byId = new Map(counts.map((c) => [num(c["file_id"]), c]))
      for (const t of loadedHere) {
        const c = byId.get(t.fileId)
        const rowsRead = num(c?.["rows_read"])
        const quarantined = num(c?.["quarantined"])
        const accepted = num(c?.["accepted"])
        const filtered = num(c?.["filtered"])
        const suppressed = num(c?.["suppressed"])
        outcomes.push({
          source, path: t.file.relativePath, format: t.file.format, sha256: t.sha256, bytes: t.file.bytes,
          status: "loaded", rowsRead, accepted, quarantined, duplicates: rowsRead - quarantined - accepted - filtered - suppressed, filtered, suppressed,
          mapping: t.mapping?.key ?? null,
          replaced: t.replaces.length > 0,
          message: t.replaces.length > 0 ? "read again: its mapping changed since it was loaded; its earlier events were replaced" : null
        })
      }
      yield* db.run(`drop table if exists suppressed_records; drop table if exists ${rawTable(source)}`)
    }

    const countsOf = (source: SourceName): SourceCounts => {
      const mine = outcomes.filter((o) => o.source === source)
      const sum = (k: "rowsRead" | "accepted" | "quarantined" | "duplicates" | "filtered" | "suppressed") => mine.reduce((a, o) => a + o[k], 0)
      return {
        read: sum("rowsRead"), accepted: sum("accepted"), quarantined: sum("quarantined"), duplicates: sum("duplicates"), filtered: sum("filtered"),
        suppressed: sum("suppressed")
      }
    }
    const sources: Record<SourceName, SourceCounts> = {
      web: countsOf("web"), store: countsOf("store"), survey: countsOf("survey"),
      support: countsOf("support"), delivery: countsOf("delivery"), review: countsOf("review")
    }

    const breach = sourceNames
      .map((s) => ({ source: s, ...sources[s] }))
      .filter((s) => s.read > 0 && s.quarantined / s.read > options.maxQuarantineShare)
      .sort((a, b) => b.quarantined / b.read - a.quarantined / a.read)[0]

    const finalOutcomes = breach === undefined
      ? outcomes
      : outcomes.map((o): FileOutcome => (o.status === "loaded" ? { ...o, status: "held", replaced: false, message: "run stopped by the quarantine limit; the file is read again next run" } : o))
    const replacedFiles = breach === undefined ? readFiles.filter((r) => r.replaces.length > 0).length : 0

    yield* profiled("ingest commit", db.transaction((tx) =>
      Effect.gen(function*() {
        if (breach === undefined) {
          if (replacedFiles > 0) {
            for (const s of sourceNames) {
              yield* tx.run(`delete from ${eventsTable(s)} where file_id in (select file_id from replaced_files where source = $source)`, { source: s })
            }
            yield* tx.run(`delete from quarantine where (source, file) in (select source, path from replaced_files)`)
            yield* tx.run("update input_files set status = 'replaced' where file_id in (select file_id from replaced_files)")
            // derived tables still hold the replaced events: a run that stops before rebuilding
            // them must not take them for a complete build
            yield* tx.run("delete from derived_state")
          }
          for (const s of validatedSources) {
            const cols = stagingColumnNames(s).join(", ")
            yield* tx.run(
              `insert into ${eventsTable(s)} (${cols}, file_id, row_number, run_id)
select ${cols}, file_id, row_number, $run_id
from ${validatedTable(s)} as validated
anti join ${excludedTable(s)} as excluded on excluded.record = validated.record
where rule is null and not filtered`,
              { run_id: options.runId }
            )
          }
        }
        for (const settler of Object.values(presetSettlers)) yield* settler.commit(tx, { pads, keep: breach === undefined })
        yield* tx.run("insert into quarantine select * from pending_quarantine")
        const recorded = finalOutcomes.filter((o) => o.sha256 !== null)
        if (recorded.length > 0) {
          const ids = new Map(readFiles.map((r) => [r.file.relativePath, r.fileId]))
          const mtimes = new Map(discovered.files.map((f) => [f.relativePath, f.mtimeMs]))
          const digests = new Map(withDigest.map((m) => [m.file.relativePath, m.digest]))
          // typed lists: a column whose first value is null (a skipped file's mapping) must not null the rest
          const texts = (f: (o: FileOutcome) => string | null) => textList(recorded.map(f))
          const numbers = (f: (o: FileOutcome) => number | null) => numberList(recorded.map(f))
          yield* tx.run(
            `insert into input_files (file_id, run_id, source, path, sha256, bytes, format, status, rows_read, accepted, quarantined, duplicates,
  filtered, suppressed, message, seen_at, mtime_ms, mapping, mapping_digest)
select unnest($file_id), $run_id, unnest($source), unnest($path), unnest($sha256), unnest($bytes), unnest($format), unnest($status),
  unnest($rows_read), unnest($accepted), unnest($quarantined), unnest($duplicates), unnest($filtered), unnest($suppressed), unnest($message), $seen_at::timestamptz,
  cast(unnest($mtime_ms) as bigint), unnest($mapping), unnest($mapping_digest)`,
            {
              file_id: numbers((o) => ids.get(o.path) ?? nextFileId++),
              run_id: options.runId,
              source: texts((o) => o.source),
              path: texts((o) => o.path),
              sha256: texts((o) => o.sha256 ?? ""),
              bytes: numbers((o) => o.bytes),
              format: texts((o) => o.format ?? ""),
              status: texts((o) => o.status),
              rows_read: numbers((o) => o.rowsRead),
              accepted: numbers((o) => o.accepted),
              quarantined: numbers((o) => o.quarantined),
              duplicates: numbers((o) => o.duplicates),
              filtered: numbers((o) => o.filtered),
              suppressed: numbers((o) => o.suppressed),
              message: texts((o) => o.message),
              seen_at: options.now.toISOString(),
              mtime_ms: numbers((o) => mtimes.get(o.path) ?? null),
              mapping: texts((o) => o.mapping),
              mapping_digest: texts((o) => digests.get(o.path) ?? null)
            }
          )
        }
      })
    ))

    const unmatched = unmatchedMappings(sourcesConfig, discovered.files)
    if (breach !== undefined) {
      return yield* new QuarantineLimitExceeded({
        source: breach.source,
        share: breach.quarantined / breach.read,
        limit: options.maxQuarantineShare,
        quarantined: breach.quarantined,
        read: breach.read,
        run_id: options.runId,
        unmatched_mappings: unmatched
      })
    }
    return { files: finalOutcomes, sources, replacedFiles, previews, unmatchedMappings: unmatched }
  })))

/** The first `limit` rows of each file as mapped (before typing), their outcome, and per field how many rows came out empty. */
const previewRows = (
  db: Statements,
  source: SourceName,
  validated: string,
  files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number; readonly fieldSources: ReadonlyArray<{ readonly rule: string; readonly suffix: string }> }>,
  limit: number
): Effect.Effect<ReadonlyArray<FilePreview>, WarehouseError> =>
  Effect.gen(function*() {
    const names = sourceColumns(source).map((c) => c.name)
    const out: Array<FilePreview> = []
    for (const f of files) {
      // a valid row is not loaded when it repeats an event id, or is a forgotten customer's
      const rows = yield* db.all(
        `select r.row_number, ${names.map((n) => `r.${n}`).join(", ")}, v.rule, v.message, r.filtered,
  s.rid is not null as suppressed, x.record is not null and s.rid is null as duplicate
from ${rawTable(source)} as r
inner join ${validated} as v on v.record = r.rowid
left join ${excludedTable(source)} as x on x.record = v.record
left join suppressed_records as s on s.rid = v.record
where r.file_id = $file_id
order by r.row_number, r.rowid
limit $limit`,
        { file_id: f.fileId, limit }
      )
      const [empty] = yield* db.all(
        `select count(*) as n, ${names.map((n) => `count(*) filter (where nullif(trim(${n}), '') is null) as ${n}`).join(", ")}
from ${rawTable(source)} where file_id = $file_id and parse_error is null and not filtered`,
        { file_id: f.fileId }
      )
      // the message a quarantined row gets: where the mapping reads a missing required field
      const suffixes = new Map(f.fieldSources.map((s) => [s.rule, s.suffix]))
      out.push({
        path: f.file.relativePath,
        rows: rows.map((r) => {
          const suffix = suffixes.get(String(r["rule"]))
          return suffix === undefined || r["message"] === null ? r : { ...r, message: `${String(r["message"])}${suffix}` }
        }),
        emptyPerField: Object.fromEntries(names.map((n) => [n, num(empty?.[n])])),
        rowsMapped: num(empty?.["n"])
      })
    }
    return out
  })
