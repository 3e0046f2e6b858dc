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

const insertSql = (file: InboxFile): string => {
  const cols = sourceColumns(file.source)
  const paths = `[${cols.map((c) => sqlString(`$.${c.name}`)).join(", ")}]`
  const picks = cols.map((c, i) => `v[${i + 1}]`)
  return `insert into ${rawTable(file.source)} (file_id, row_number, parse_error, raw, ${cols.map((c) => c.name).join(", ")})
with lines as (
  select row_number() over () as row_number, line
  from read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                header = false, auto_detect = false, compression = $compression)
),
parsed as (
  select row_number, line,
    case when not json_valid(line) then 'line is not valid JSON'
         when left(ltrim(line), 1) <> '{' then 'line is not a JSON object' end as parse_error
  from lines
  where line is not null and trim(line) <> ''
),
extracted as (
  select row_number, parse_error, line,
    case when parse_error is null then json_extract_string(line, ${paths}) end as v
  from parsed
)
select $file_id, row_number, parse_error, line,
  ${picks.join(", ")}
from extracted`
}

export const readNdjson = (db: Statements, file: InboxFile, fileId: number): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    yield* db.run(insertSql(file), { path: file.path, file_id: fileId, compression: file.gzipped ? "gzip" : "none" }).pipe(
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
