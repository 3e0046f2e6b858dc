/**
 * NDJSON/JSONL (optionally gzipped) into the raw table. Each line is read as text with its
 * exact line number, then parsed in SQL: DuckDB's own JSON reader with ignore_errors turns bad
 * rows into NULL rows and reports approximate line numbers, which quarantine cannot use.
 */
import { Effect } from "effect"
import { sourceColumns } from "../../schemas/sources.ts"
import type { Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import { rawTable, sqlString } from "./source-columns.ts"
import type { SourceName } from "../../schemas/sources.ts"
import { listValue } from "@duckdb/node-api"

const linesOfOneFile = `
  select $file_id as file_id, row_number() over () as row_number, line
  from read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                header = false, auto_detect = false, compression = $compression)`

// Many small daily files cost more in statements than in bytes, so a source's files are read
// in one scan. DuckDB returns the files in list order and each file's lines in order, so a
// line's number is its position in the scan minus where its file starts.
const linesOfManyFiles = `
  select f.file_id, l.position - min(l.position) over (partition by l.filename) + 1 as row_number, l.line
  from (
    select filename, row_number() over () as position, line
    from read_csv($paths, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                  header = false, auto_detect = false, compression = 'auto', filename = true)
  ) as l
  inner join ndjson_batch as f on f.path = l.filename`

/**
 * `checked`: every line is tested with json_valid first. Unchecked (the batch path) parses each
 * line once: a line that starts with "{" but is not JSON makes the extraction fail, and the
 * caller then reads the files one by one, checked.
 */
const insertSql = (source: SourceName, lines: string, checked: boolean): string => {
  const cols = sourceColumns(source)
  const paths = `[${cols.map((c) => sqlString(`$.${c.name}`)).join(", ")}]`
  const picks = cols.map((c, i) => `v[${i + 1}]`)
  return `insert into ${rawTable(source)} (file_id, row_number, parse_error, raw, ${cols.map((c) => c.name).join(", ")})
with lines as (${lines}
),
parsed as (
  select file_id, row_number, line,
    ${checked
    ? `case when not json_valid(line) then 'line is not valid JSON'
         when left(ltrim(line), 1) <> '{' then 'line is not a JSON object' end`
    : `case when left(ltrim(line), 1) <> '{' then
           case when json_valid(line) then 'line is not a JSON object' else 'line is not valid JSON' end end`} as parse_error
  from lines
  where line is not null and trim(line) <> ''
),
extracted as (
  select file_id, row_number, parse_error, line,
    case when parse_error is null then json_extract_string(line, ${paths}) end as v
  from parsed
)
select file_id, row_number, parse_error, case when parse_error is not null then line end,
  ${picks.join(", ")}
from extracted`
}

export const readNdjson = (db: Statements, file: InboxFile, fileId: number): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    yield* db.run(insertSql(file.source, linesOfOneFile, true), { path: file.path, file_id: fileId, compression: file.gzipped ? "gzip" : "none" }).pipe(
      Effect.mapError((e) => new InputUnreadable({ file: file.relativePath, reason: `cannot be read as NDJSON: ${e.message.split("\n")[0]}` }))
    )
    const [counts] = yield* db.all(
      `select count(*)::integer as lines, count(*) filter (where parse_error is null)::integer as objects from ${rawTable(file.source)} where file_id = $file_id`,
      { file_id: fileId }
    )
    const lines = Number(counts?.["lines"] ?? 0)
    const objects = Number(counts?.["objects"] ?? 0)
    if (lines > 0 && objects === 0) {
      yield* db.run(`delete from ${rawTable(file.source)} where file_id = $file_id`, { file_id: fileId })
      return yield* new InputUnreadable({
        file: file.relativePath,
        reason: `is not NDJSON: none of its ${lines} lines is a JSON object`
      })
    }
  })

/** The files `linesOfManyFiles` reads, with the ids their rows get. */
const fillBatchTable = (db: Statements, files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number }>) =>
  Effect.gen(function*() {
    yield* db.run("create or replace temp table ndjson_batch (file_id integer, path varchar)")
    yield* db.run(
      "insert into ndjson_batch select unnest($ids), unnest($paths)",
      { ids: listValue(files.map((f) => f.fileId)), paths: listValue(files.map((f) => f.file.path)) }
    )
  })

/**
 * Reads all NDJSON files of one source in one scan. Fails as a whole when any file cannot be
 * read; the caller then reads the files one by one to tell which.
 */
export const readNdjsonBatch = (
  db: Statements,
  source: SourceName,
  files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number }>
): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* fillBatchTable(db, files)
    yield* db.run(insertSql(source, linesOfManyFiles, false), { paths: listValue(files.map((f) => f.file.path)) })
    yield* db.run("drop table ndjson_batch")
  })

/**
 * Puts the exact line back on rows that parsed but broke a rule. The raw table keeps a line's
 * text only when it does not parse (holding every line doubled ingest's memory), so the few
 * files with rejected rows are read a second time here.
 */
export const restoreRawLines = (
  db: Statements,
  files: ReadonlyArray<{ readonly file: InboxFile; readonly fileId: number }>
): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    if (files.length === 0) return
    yield* fillBatchTable(db, files)
    yield* db.run(
      `update validated set raw = lines.line
from (${linesOfManyFiles}) as lines
where validated.file_id = lines.file_id and validated.row_number = lines.row_number
  and validated.rule is not null and validated.rule <> 'parse'`,
      { paths: listValue(files.map((f) => f.file.path)) }
    )
    yield* db.run("drop table ndjson_batch")
  })

/** Files of a batch none of whose lines is a JSON object: not NDJSON, whatever their name says. */
export const notNdjson = (db: Statements, source: SourceName): Effect.Effect<ReadonlyArray<{ fileId: number; lines: number }>, WarehouseError> =>
  db.all(
    `select file_id, count(*)::integer as lines from ${rawTable(source)}
group by file_id having count(*) filter (where parse_error is null) = 0`
  ).pipe(Effect.map((rows) => rows.map((r) => ({ fileId: Number(r["file_id"]), lines: Number(r["lines"]) }))))
