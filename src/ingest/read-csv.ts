/**
 * CSV (optionally gzipped) into the raw table. Cells are read as text (empty cell = null);
 * rows DuckDB cannot split into the header's columns come from its rejects table with their
 * line. row_number is the file's line number (header = line 1): accepted records are matched
 * to the non-empty lines that were not rejected, in order. When a quoted field spans lines that
 * match is impossible, and row_number falls back to the record's ordinal + 1.
 */
import { Effect } from "effect"
import { createReadStream } from "node:fs"
import { createGunzip } from "node:zlib"
import { sourceColumns } from "../../schemas/sources.ts"
import type { Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import { mapColumns, missingColumnsReason } from "./raw-columns.ts"
import { rawTable, sqlIdent, sqlString } from "./source-columns.ts"

/** Splits one CSV line (the header) into cells, honouring double quotes. */
export const splitCsvLine = (line: string): Array<string> => {
  const cells: Array<string> = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ",") {
      cells.push(cell)
      cell = ""
    } else cell += ch
  }
  cells.push(cell)
  return cells
}

const readFirstLine = (file: InboxFile): Effect.Effect<string, InputUnreadable> =>
  Effect.async<string, InputUnreadable>((resume) => {
    const raw = createReadStream(file.path)
    const stream = file.gzipped ? raw.pipe(createGunzip()) : raw
    let buffer = ""
    let done = false
    const finish = (eff: Effect.Effect<string, InputUnreadable>) => {
      if (done) return
      done = true
      raw.destroy()
      resume(eff)
    }
    stream.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      const nl = buffer.indexOf("\n")
      if (nl >= 0) finish(Effect.succeed(buffer.slice(0, nl).replace(/\r$/, "").replace(/^\uFEFF/, "")))
      else if (buffer.length > 1_000_000) finish(Effect.fail(new InputUnreadable({ file: file.relativePath, reason: "has no header line in its first megabyte; is it CSV?" })))
    })
    stream.on("error", (e: Error) => finish(Effect.fail(new InputUnreadable({ file: file.relativePath, reason: `cannot be read: ${e.message}` }))))
    stream.on("end", () => finish(Effect.succeed(buffer.replace(/\r$/, "").replace(/^\uFEFF/, ""))))
    return Effect.sync(() => raw.destroy())
  })

export const readCsv = (db: Statements, file: InboxFile, fileId: number): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const headerLine = yield* readFirstLine(file)
    if (headerLine.trim() === "") return yield* new InputUnreadable({ file: file.relativePath, reason: "is empty: a CSV file needs a header row" })
    const header = splitCsvLine(headerLine)
    const mapping = mapColumns(file.source, header)
    if (mapping.missingRequired.length > 0) {
      return yield* new InputUnreadable({ file: file.relativePath, reason: missingColumnsReason(mapping.missingRequired, header) })
    }
    const unreadable = (e: WarehouseError) =>
      new InputUnreadable({ file: file.relativePath, reason: `cannot be read as CSV: ${e.message.split("\n")[0]}` })
    // Positional names: the header's own names may repeat or be empty.
    const columnsLiteral = `{${header.map((_, i) => `${sqlString(`c${i}`)}: 'VARCHAR'`).join(", ")}}`
    const cols = sourceColumns(file.source)
    const pick = (name: string) => {
      const actual = mapping.present.get(name)
      return actual === undefined ? "null" : sqlIdent(`c${header.indexOf(actual)}`)
    }
    const rawJson = `json_object(${[...mapping.present.entries()].map(([name]) => `${sqlString(name)}, ${pick(name)}`).join(", ")})`
    const params = { path: file.path, compression: file.gzipped ? "gzip" : "none" }
    yield* db.run("drop table if exists csv_rejects; drop table if exists csv_reject_scans")
    yield* db.run(
      `create or replace temp table csv_records as
select row_number() over () as ordinal, ${rawJson}::varchar as raw, ${cols.map((c) => `${pick(c.name)} as ${c.name}`).join(", ")}
from read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
              columns = ${columnsLiteral}, compression = $compression,
              store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans')`,
      params
    ).pipe(Effect.mapError(unreadable))
    yield* db.run(
      `create or replace temp table csv_lines as
with lines as (
  select row_number() over () as line_number, line
  from read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                header = false, auto_detect = false, compression = $compression)
)
select row_number() over (order by line_number) as ordinal, line_number
from lines
where line_number > 1 and line is not null and line <> ''
  and line_number not in (select line from csv_rejects)`,
      params
    ).pipe(Effect.mapError(unreadable))
    const rawCols = cols.map((c) => c.name).join(", ")
    yield* db.run(
      `insert into ${rawTable(file.source)} (file_id, row_number, parse_error, raw, ${rawCols})
with aligned as (
  select (select count(*) from csv_lines) = (select count(*) from csv_records) as one_line_per_record
)
select $file_id,
  case when aligned.one_line_per_record then l.line_number else r.ordinal + 1 end,
  null, r.raw, ${cols.map((c) => `r.${c.name}`).join(", ")}
from csv_records as r
cross join aligned
left join csv_lines as l on l.ordinal = r.ordinal
union all
select $file_id, line, 'CSV row does not fit the header: ' || string_agg(distinct error_message, '; '), any_value(csv_line),
  ${cols.map(() => "null").join(", ")}
from csv_rejects
group by line`,
      { file_id: fileId }
    )
  })
