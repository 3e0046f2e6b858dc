/**
 * NDJSON/JSONL (optionally gzipped) into the raw table. Each line is read as text with its
 * exact line number, then parsed in SQL: DuckDB's own JSON reader with ignore_errors turns bad
 * rows into NULL rows and reports approximate line numbers, which quarantine cannot use.
 */
import { Effect } from "effect"
import type { SourceName } from "../../schemas/sources.ts"
import { numberList, textList, type Params, type Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import type { ReadContext } from "./file-mappings.ts"
import { compileMapping, MappingError, rawInsertColumns, type CompiledMapping, type Resolved, type ValueRef } from "./map-fields.ts"
import { optionalRef, splitFilter } from "./file-columns.ts"
import { sqlString } from "../duckdb/sql-text.ts"
import { rawTable, validatedTable } from "./source-columns.ts"

const linesOfOneFile = `
  select $file_id as file_id, row_number() over () as row_number, line
  from read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                header = false, auto_detect = false, compression = $compression)`

// Many small daily files cost more in statements than in bytes, so a source's files are read
// in few scans. DuckDB returns the files in list order and each file's lines in order, so a
// line's number is its position in the scan minus where its file starts. That window holds
// the scan's lines, so a scan reads about scanBytes at most (a larger file alone).
const linesOfManyFiles = `
  select f.file_id, l.position - min(l.position) over (partition by l.filename) + 1 as row_number, l.line
  from (
    select filename, row_number() over () as position, line
    from read_csv($paths, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                  header = false, auto_detect = false, compression = 'auto', filename = true)
  ) as l
  inner join ndjson_batch as f on f.path = l.filename`

/**
 * The file bytes one scan reads (a gzipped file counts eight times its size, about what it
 * inflates to). At 10 M events, 90 files in one scan of 1.8 GB took 32 s, in scans of 200 MB
 * 24–29 s (docs/performance.md).
 */
const scanBytes = 256 * 1024 * 1024

/** The files in scans of at most `limit` bytes (a larger file is a scan of its own), in order. */
export const scansOf = <F extends { readonly file: InboxFile }>(files: ReadonlyArray<F>, limit = scanBytes): ReadonlyArray<ReadonlyArray<F>> => {
  const scans: Array<Array<F>> = []
  let bytes = Infinity
  for (const f of files) {
    const size = f.file.bytes * (f.file.gzipped ? 8 : 1)
    if (bytes + size > limit) {
      scans.push([])
      bytes = 0
    }
    scans.at(-1)?.push(f)
    bytes += size
  }
  return scans
}

/**
 * The records of NDJSON lines for a mapping: every value the mapping reads is a JSON path, and
 * all of them are extracted in one json_extract_string call, so each line is parsed once.
 * Column names are top-level keys; for a mapped file they match case-insensitively against the
 * keys of its first lines, for the contract exactly (as they always did).
 */
const ndjsonRecords = (
  source: SourceName,
  mapping: ReadContext["mapping"],
  keys: ReadonlyArray<string> | null
): { readonly compiled: ReturnType<typeof compileMapping>; readonly paths: ReadonlyArray<string>; readonly lists: ReadonlyArray<ListLookup> } => {
  const paths: Array<string> = []
  const at = (path: string) => {
    let i = paths.indexOf(path)
    if (i < 0) i = paths.push(path) - 1
    return `rec.v[${i + 1}]`
  }
  // Lists a filter step looks into: each extracted once per line, and the field the filter
  // compares read once per element (GA4 looks up ~10 event parameters by their key).
  const lists: Array<ListLookup> = []
  const lookup = (filter: NonNullable<ReturnType<typeof splitFilter>>) => {
    let i = lists.findIndex((l) => l.path === filter.list && l.field === filter.field)
    if (i < 0) i = lists.push({ path: filter.list, field: filter.field }) - 1
    return `json_extract_string(rec.l${i}[list_position(rec.k${i}, ${sqlString(filter.value)})], ${sqlString(filter.rest)})`
  }
  const byLower = new Map<string, string>()
  for (const k of keys ?? []) if (!byLower.has(k.toLowerCase())) byLower.set(k.toLowerCase(), k)
  const keyPath = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.${name}` : `$."${name}"`)
  const resolve = (ref: ValueRef): Resolved => {
    if (ref.kind === "path") {
      // missing keys read as empty anyway
      const path = optionalRef(ref.path).name
      const filter = splitFilter(path)
      return { sql: filter === null ? at(path) : lookup(filter) }
    }
    if (keys === null) return { sql: at(keyPath(ref.name)) }
    const literal = byLower.get(ref.name.toLowerCase())
    if (literal !== undefined) return { sql: at(keyPath(literal)) }
    const { name, optional } = optionalRef(ref.name)
    const actual = byLower.get(name.toLowerCase())
    // a key none of the first records has is a misspelt name, unless the mapping says it may be missing
    if (actual === undefined && !optional && keys.length > 0) {
      return { missing: `key '${name}' is in none of the first ${sampleSize} records (end the name with ? if it may be missing)` }
    }
    return { sql: at(keyPath(actual ?? name)) }
  }
  const compiled = compileMapping(source, mapping?.entry ?? null, { resolve, columns: keys ?? [] }, "ndjson")
  return { compiled, paths, lists }
}


/**
 * `checked`: every line is tested with json_valid first. Unchecked (the batch path) parses each
 * line once: a line that starts with "{" but is not JSON makes the extraction fail, and the
 * caller then reads the files one by one, checked.
 */
interface ListLookup {
  readonly path: string
  readonly field: string
}

const rawRowsSql = (
  source: SourceName,
  lines: string,
  checked: boolean,
  compiled: CompiledMapping,
  paths: ReadonlyArray<string>,
  lists: ReadonlyArray<ListLookup> = [],
  unnest?: string
): string => {
  // A line that is no JSON object is read as an empty one: its values are never used (it is
  // quarantined), and a CASE around the reading made DuckDB evaluate it row by row.
  const object = "case when parse_error is null then line else '{}' end"
  const list = `[${paths.map(sqlString).join(", ")}]`
  return `with ${unnest === undefined ? `lines as (${lines}
),` : `records as (${lines}
),
-- each element of the record's list becomes a record of its own, with the element in the list's
-- place; a record without elements stays one record (its fields then read as missing)
lines as (
  select file_id, row_number,
    case when element is null then line else json_merge_patch(line, json_object(${sqlString(unnest)}, element))::varchar end as line
  from (
    select file_id, row_number, line,
      unnest(case when json_valid(line) and json_type(line::json) = 'OBJECT'
                   and coalesce(json_array_length(line::json, ${sqlString(`$.${unnest}`)}), 0) > 0
                  then json_extract(line, ${sqlString(`$.${unnest}[*]`)}) else [null::json] end) as element
    from records
  )
),`}
parsed as (
  select file_id, row_number, line,
    ${checked
    ? `case when not json_valid(line) then 'line is not valid JSON'
         when not ${startsObject} then 'line is not a JSON object' end`
    : `case when not ${startsObject} then
           case when json_valid(line) then 'line is not a JSON object' else 'line is not valid JSON' end end`} as parse_error
  from lines
  where line is not null and (starts_with(line, '{') or trim(line) <> '')
),
read as (
  select file_id, row_number, parse_error, case when parse_error is not null then line end as raw${
    paths.length === 0 ? "" : `, json_extract_string(${object}, ${list}) as v`}${
    lists.map((l, i) => `,
    json_extract(${object}, ${sqlString(`${l.path}[*]`)}) as l${i}`).join("")}
  from parsed
),
listed as (
  select *${lists.map((l, i) => `, list_transform(l${i}, x -> json_extract_string(x, ${sqlString(`$.${l.field}`)})) as k${i}`).join("")}
  from read
)
${compiled.select("listed")}`
}

// Most lines start with "{" at once; trimming a whole line first costs more than parsing it.
const startsObject = "(starts_with(line, '{') or left(ltrim(line), 1) = '{')"

const contractRecords = new Map<SourceName, { compiled: CompiledMapping; paths: ReadonlyArray<string> }>()
const sampleSize = 1000

/** The contract's own mapping for NDJSON: every field from the key of its name. */
const contractNdjson = (source: SourceName) => {
  const cached = contractRecords.get(source)
  if (cached !== undefined) return cached
  const { compiled, paths } = ndjsonRecords(source, null, null)
  if (compiled instanceof MappingError) throw new Error(`the contract mapping of ${source} cannot fail: ${compiled.reason}`)
  const result = { compiled, paths }
  contractRecords.set(source, result)
  return result
}

/**
 * The records of a JSON document (a mapping's `json.records`, e.g. `$.reviews` of an API
 * response saved as a file): each element of that list is a record, numbered from 1 in the list.
 */
const recordsOfDocument = `
  select $file_id as file_id, generate_subscripts(items, 1) as row_number, unnest(items)::varchar as line
  from (select json_extract(content::json, $records) as items from read_text($path))`

/** Top-level keys of the first records of a file, for case-insensitive key names. */
const sampleKeys = (db: Statements, lines: string, params: Params) =>
  db.all(
    `select distinct unnest(json_keys(line)) as key
from (
  select line from (${lines})
  where json_valid(line) and ${startsObject}
  limit ${sampleSize}
)`,
    params
  ).pipe(Effect.map((rows) => rows.map((r) => String(r["key"]))))

export const readNdjson = (db: Statements, file: InboxFile, fileId: number, context: ReadContext): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const unreadable = (e: WarehouseError) => new InputUnreadable({ file: file.relativePath, reason: `cannot be read as NDJSON: ${e.message.split("\n")[0]}` })
    const text = context.text
    const records = context.mapping?.entry.json?.records
    const root = context.mapping?.entry.json?.root
    const read = records === undefined ? linesOfOneFile : recordsOfDocument
    // the record inside each line; a line with nothing at the path is no record: kept whole in a
    // list, so it is quarantined as no JSON object, its text shown
    const relation = root === undefined ? read : `
  select file_id, row_number,
    case when not json_valid(line) or trim(line) = '' then line
         else coalesce(json_extract(line, ${sqlString(root)})::varchar, '[' || line || ']') end as line
  from (${read})`
    const source = { path: text.path, file_id: fileId, compression: text.compression, ...(records === undefined ? {} : { records: `${records}[*]` }) }
    const keys = context.mapping === null ? null : yield* sampleKeys(db, relation, source).pipe(Effect.mapError(unreadable))
    const { compiled, paths, lists } = context.mapping === null ? { ...contractNdjson(file.source), lists: [] } : ndjsonRecords(file.source, context.mapping, keys)
    if (compiled instanceof MappingError) {
      return yield* new InputUnreadable({ file: file.relativePath, reason: `${context.mapping?.key ?? "contract"}: ${compiled.reason}` })
    }
    const params = { ...context.params, ...compiled.params, ...source }
    // Parsing each line once is the fast path; a line that starts like an object but is not JSON
    // fails it, and the file is read again with every line checked first.
    const unnest = context.mapping?.entry.json?.unnest
    const into = intoRawTable(file.source)
    const fast = yield* Effect.either(db.run(into(rawRowsSql(file.source, relation, false, compiled, paths, lists, unnest)), params))
    if (fast._tag === "Left") {
      yield* db.run(`delete from ${rawTable(file.source)} where file_id = $file_id`, { file_id: fileId })
      yield* db.run(into(rawRowsSql(file.source, relation, true, compiled, paths, lists, unnest)), params).pipe(Effect.mapError(unreadable))
    }
    const [counts] = yield* db.all(
      `select count(*)::integer as lines, count(*) filter (where parse_error is null)::integer as objects from ${rawTable(file.source)} where file_id = $file_id`,
      { file_id: fileId }
    )
    const lines = Number(counts?.["lines"] ?? 0)
    const objects = Number(counts?.["objects"] ?? 0)
    if (records !== undefined && lines === 0) {
      // an empty list (a page without reviews) is a file of no records; no list at all is not this export
      const [found] = yield* db.all("select json_type(json_extract(content::json, $records)) as type from read_text($path)", { path: text.path, records })
        .pipe(Effect.mapError(unreadable))
      if (found?.["type"] !== "ARRAY") {
        return yield* new InputUnreadable({ file: file.relativePath, reason: `has no list of records at ${records} (json.records of ${context.mapping?.key ?? "its mapping"})` })
      }
    }
    if (lines > 0 && objects === 0) {
      yield* db.run(`delete from ${rawTable(file.source)} where file_id = $file_id`, { file_id: fileId })
      return yield* new InputUnreadable({
        file: file.relativePath,
        reason: records === undefined ? `is not NDJSON: none of its ${lines} lines is a JSON object` : `none of the ${lines} records at ${records} is a JSON object`
      })
    }
  })

/** The files `linesOfManyFiles` reads, with the ids their rows get. */
const fillBatchTable = (db: Statements, files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number }>) =>
  Effect.gen(function*() {
    yield* db.run("create or replace temp table ndjson_batch (file_id integer, path varchar)")
    yield* db.run(
      "insert into ndjson_batch select unnest($ids), unnest($paths)",
      { ids: numberList(files.map((f) => f.fileId)), paths: textList(files.map((f) => f.file.path)) }
    )
  })

/** A statement that puts raw rows (a select of the raw table's columns) somewhere. */
export type RawRowsInto = (select: string) => string

/** The raw table, where every reader puts its rows. */
export const intoRawTable = (source: SourceName): RawRowsInto => (select) => `insert into ${rawTable(source)} (${rawInsertColumns(source)})\n${select}`

/**
 * The record of a row a batch read: one line makes one row in a batch (no mapping that makes
 * several is batched), so its file and line name it. Negative, so it never meets the raw
 * table's row ids, the records of every other row.
 */
export const batchRecord = "-(file_id::bigint * 4294967296 + row_number)"

/**
 * Reads all NDJSON files of one source in few scans, into the raw table unless `into` says
 * otherwise. Fails as a whole when any file cannot be read; the caller then reads the files one
 * by one to tell which.
 */
export const readNdjsonBatch = (
  db: Statements,
  source: SourceName,
  files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number }>,
  params: Params,
  mapping: ReadContext["mapping"] = null,
  options: { readonly into?: RawRowsInto; readonly scanLimit?: number } = {}
): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    if (files.length === 0) return
    // files of one mapping: the keys any of them has in its first records
    const keys = mapping === null ? null : [...new Set((yield* Effect.forEach(files, (f) =>
      sampleKeys(db, linesOfOneFile, { path: f.file.path, file_id: f.fileId, compression: f.file.gzipped ? "gzip" : "none" }))).flat())]
    const { compiled, paths, lists } = mapping === null ? { ...contractNdjson(source), lists: [] } : ndjsonRecords(source, mapping, keys)
    if (compiled instanceof MappingError) return yield* new WarehouseError({ message: compiled.reason })
    const into = options.into ?? intoRawTable(source)
    for (const scan of scansOf(files, options.scanLimit ?? scanBytes)) {
      yield* fillBatchTable(db, scan)
      yield* db.run(into(rawRowsSql(source, linesOfManyFiles, false, compiled, paths, lists)), { ...params, ...compiled.params, paths: textList(scan.map((f) => f.file.path)) })
    }
    yield* db.run("drop table ndjson_batch")
  })

/**
 * Puts the exact line back on rows that parsed but broke a rule. The raw table keeps a line's
 * text only when it does not parse (holding every line doubled ingest's memory), so the few
 * files with rejected rows are read a second time here.
 */
export const restoreRawLines = (
  db: Statements,
  validated: string,
  files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number }>
): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    if (files.length === 0) return
    for (const scan of scansOf(files)) {
      yield* fillBatchTable(db, scan)
      yield* db.run(
        `update ${validated} as validated set raw = lines.line
from (${linesOfManyFiles}) as lines
where validated.file_id = lines.file_id and validated.row_number = lines.row_number
  and validated.rule is not null and validated.rule <> 'parse'`,
        { paths: textList(scan.map((f) => f.file.path)) }
      )
    }
    yield* db.run("drop table ndjson_batch")
  })

/**
 * Files of a batch none of whose lines is a JSON object: not NDJSON, whatever their name says.
 * Their lines are in the raw table, or validated (a line that is no object is the rule `parse`).
 */
export const notNdjson = (db: Statements, source: SourceName, fileIds: ReadonlyArray<number>): Effect.Effect<ReadonlyArray<{ fileId: number; lines: number }>, WarehouseError> =>
  db.all(
    `select file_id, count(*)::integer as lines
from (
  select file_id, parse_error is null as object from ${rawTable(source)} where list_contains($ids, file_id)
  union all
  select file_id, rule is distinct from 'parse' from ${validatedTable(source)} where list_contains($ids, file_id)
)
group by file_id having count(*) filter (where object) = 0`,
    { ids: numberList(fileIds) }
  ).pipe(Effect.map((rows) => rows.map((r) => ({ fileId: Number(r["file_id"]), lines: Number(r["lines"]) }))))
