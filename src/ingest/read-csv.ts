/**
 * CSV (optionally gzipped, any dialect a mapping's `csv` names) into the raw table. DuckDB reads
 * the records, every cell as text (an empty cell is null); rows it cannot split into the
 * header's columns come from its rejects table. A record's row number is the line on which it
 * starts: a line starts a record when the quotes before it (from the header on) are balanced,
 * so a quoted field spanning lines keeps the numbers of the records after it right.
 */
import { Effect } from "effect"
import { createReadStream } from "node:fs"
import { createInterface } from "node:readline"
import { createGunzip } from "node:zlib"
import { textList, type Params, type Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import { fileColumnResolver } from "./file-columns.ts"
import { mappingUnreadable, type ReadContext } from "./file-mappings.ts"
import { compileMapping, MappingError, rawInsertColumns } from "./map-fields.ts"
import { setEncoding, type TextSource } from "./prepare-text.ts"
import { sqlIdent, sqlString } from "../duckdb/sql-text.ts"
import { rawTable } from "./source-columns.ts"

/**
 * The first `n` records of CSV text, split into cells: a quote opens a quoted cell only at the
 * cell's start, and a line break inside a quoted cell stays in it. For a header of a few
 * records (a preset reading Qualtrics' three header rows), never for data.
 */
export const csvRecords = (text: string, n: number, delimiter?: string, quote = '"'): ReadonlyArray<ReadonlyArray<string>> => {
  const sep = delimiter ?? detectDelimiter(text.split(/\r\n|\n|\r/, 1)[0] ?? "", quote)
  const records: Array<Array<string>> = []
  let cells: Array<string> = []
  let cell = ""
  let quoted = false
  let atStart = true
  for (let i = 0; i < text.length && records.length < n; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === quote && text[i + 1] === quote) {
        cell += quote
        i++
      } else if (ch === quote) quoted = false
      else cell += ch
      continue
    }
    if (quote !== "" && ch === quote && atStart) {
      quoted = true
      atStart = false
    } else if (ch === sep) {
      cells.push(cell)
      cell = ""
      atStart = true
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++
      cells.push(cell)
      records.push(cells)
      cells = []
      cell = ""
      atStart = true
    } else {
      cell += ch
      atStart = false
    }
  }
  if (records.length < n && (cell !== "" || cells.length > 0)) records.push([...cells, cell])
  return records
}

/** The delimiter `auto` picks: the candidate found most often outside quotes in the header line. */
export const detectDelimiter = (header: string, quote = '"'): string => {
  const candidates = [",", ";", "\t", "|"]
  const counts = candidates.map((d) => (csvRecords(header, 1, d, quote)[0] ?? []).length - 1)
  const best = Math.max(...counts)
  return best <= 0 ? "," : candidates[counts.indexOf(best)] ?? ","
}

/** Line `index` (0-based) of a text file; a UTF-8 BOM is dropped. Null when the file has fewer lines. */
const readLine = (file: InboxFile, text: TextSource, index: number): Effect.Effect<string | null, InputUnreadable> =>
  Effect.async<string | null, InputUnreadable>((resume) => {
    const raw = createReadStream(text.path)
    const stream = text.compression === "gzip" ? raw.pipe(createGunzip()) : raw
    let buffer = ""
    let skipped = 0
    let done = false
    const finish = (eff: Effect.Effect<string | null, InputUnreadable>) => {
      if (done) return
      done = true
      raw.destroy()
      resume(eff)
    }
    const clean = (s: string) => s.replace(/\r$/, "").replace(/^\uFEFF/, "")
    stream.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      let nl = buffer.indexOf("\n")
      while (nl >= 0) {
        if (skipped === index) return finish(Effect.succeed(clean(buffer.slice(0, nl))))
        buffer = buffer.slice(nl + 1)
        skipped++
        nl = buffer.indexOf("\n")
      }
      if (buffer.length > 1_000_000) finish(Effect.fail(new InputUnreadable({ file: file.relativePath, reason: "has no line end in its first megabyte; is it CSV?" })))
    })
    stream.on("error", (e: Error) => finish(Effect.fail(new InputUnreadable({ file: file.relativePath, reason: `cannot be read: ${e.message}` }))))
    stream.on("end", () => finish(Effect.succeed(skipped === index ? clean(buffer) : null)))
    return Effect.sync(() => raw.destroy())
  })

const unreadableBecause = (file: InboxFile) => (e: WarehouseError) => {
  const first = e.message.split("\n")[0] ?? ""
  // DuckDB says why a few lines down ("Invalid unicode (byte sequence mismatch) detected")
  const notUtf8 = /invalid unicode|not utf-?8 encoded/i.test(e.message)
  const hint = notUtf8 ? `; the file is not UTF-8: ${setEncoding} (e.g. windows-1252)` : ""
  return new InputUnreadable({ file: file.relativePath, reason: `cannot be read as CSV: ${first}${hint}` })
}

/**
 * csv_starts from csv_start_lines: k numbers the lines that start a record after the header,
 * blank ones included, as DuckDB's reject line does (its `line` is skipped lines + header + k);
 * each non-blank start that DuckDB did not reject gets the ordinal of its record.
 */
const numberStarts = (db: Statements, params: Params) =>
  db.run(
    `create or replace temp table csv_starts as
with starts as (
  select line_number, blank, row_number() over (order by line_number) as k
  from csv_start_lines
  where starts and line_number > $skip + $header_lines
),
rejected as (select distinct line - $skip - $header_lines as k from csv_rejects),
numbered as (
  select k, line_number, row_number() over (order by k) as nonblank, k in (select k from rejected) as is_rejected
  from starts where not blank
)
select k, line_number, nonblank, is_rejected,
  case when not is_rejected then row_number() over (partition by is_rejected order by k) end as ordinal
from numbered`,
    params
  )

/** Whether every record DuckDB read has exactly one start line. */
const oneStartPerRecord = "(select count(*) from csv_starts where not is_rejected) = (select count(*) from csv_records)"

/**
 * The lines (1-based, after the first `skip`) on which records start, and whether each is
 * blank, read as DuckDB splits a file: a quote opens a quoted cell only at the cell's start
 * (after a space it is text), a doubled quote inside one is a quote, and a line break inside
 * one continues the record. Kept as numbers: a file can have millions of lines.
 */
const recordStartLines = (
  file: InboxFile,
  text: TextSource,
  options: { readonly skip: number; readonly delimiter: string; readonly quote: string }
): Effect.Effect<{ readonly lines: Int32Array; readonly blank: Uint8Array; readonly count: number }, InputUnreadable> =>
  Effect.tryPromise({
    try: async () => {
      const raw = createReadStream(text.path)
      const input = createInterface({ input: text.compression === "gzip" ? raw.pipe(createGunzip()) : raw, crlfDelay: Infinity })
      const { delimiter, quote } = options
      let lines = new Int32Array(1024)
      let blank = new Uint8Array(1024)
      let count = 0
      let number = 0
      let quoted = false
      for await (const line of input) {
        number++
        if (number <= options.skip) continue
        if (!quoted) {
          if (count === lines.length) {
            const grownLines = new Int32Array(lines.length * 2)
            grownLines.set(lines)
            lines = grownLines
            const grownBlank = new Uint8Array(blank.length * 2)
            grownBlank.set(blank)
            blank = grownBlank
          }
          lines[count] = number
          blank[count] = line === "" ? 1 : 0
          count++
        }
        let atStart = !quoted
        for (let i = 0; i < line.length; i++) {
          const ch = line[i]
          if (quoted) {
            if (ch === quote && line[i + 1] === quote) i++
            else if (ch === quote) quoted = false
          } else if (ch === quote && atStart) {
            quoted = true
            atStart = false
          } else {
            atStart = ch === delimiter
          }
        }
      }
      return { lines, blank, count }
    },
    catch: (e) => new InputUnreadable({ file: file.relativePath, reason: `cannot be read: ${e instanceof Error ? e.message : String(e)}` })
  })

export const readCsv = (db: Statements, file: InboxFile, fileId: number, context: ReadContext): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const dialect = context.mapping?.entry.csv ?? {}
    const skip = dialect.skipRows ?? 0
    const headerRows = dialect.headerRows ?? 0
    const quote = dialect.quote ?? '"'
    const named = dialect.header === false ? dialect.columns ?? [] : null
    // without a header line the first record follows the skipped lines; its line decides `auto`
    const headerLine = yield* readLine(file, context.text, skip)
    if (named === null && (headerLine === null || headerLine.trim() === "")) {
      return yield* new InputUnreadable({
        file: file.relativePath,
        reason: skip === 0 ? "is empty: a CSV file needs a header row" : `has no header row after the ${skip} line(s) csv.skipRows leaves out`
      })
    }
    const tabs = /\.tsv(\.gz)?$/i.test(file.path)
    const delimiter = dialect.delimiter === undefined ? (tabs ? "\t" : ",") : dialect.delimiter === "auto" ? detectDelimiter(headerLine ?? "", quote) : dialect.delimiter
    // one header reader for every CSV: a quote opens a cell only at its start, as DuckDB reads the rows
    const header = named ?? [...(csvRecords(headerLine ?? "", 1, delimiter, quote)[0] ?? [""])]
    const headerLines = named === null ? 1 : 0
    const compiled = compileMapping(file.source, context.mapping?.entry ?? null, {
      resolve: fileColumnResolver(header, { column: (i) => `rec.${sqlIdent(`c${i}`)}`, inside: null }),
      columns: header
    }, "csv")
    if (compiled instanceof MappingError) return yield* mappingUnreadable(file, context.mapping, compiled.reason)
    const unreadable = unreadableBecause(file)
    // Positional names: the header's own names may repeat or be empty.
    const columnsLiteral = `{${header.map((_, i) => `${sqlString(`c${i}`)}: 'VARCHAR'`).join(", ")}}`
    const params = { path: context.text.path, compression: context.text.compression, skip, delimiter, quote, has_header: named === null, header_lines: headerLines }
    // an empty cell is no value, and so is each text the mapping names (MySQL's \N)
    const nullTexts = textList(["", ...(dialect.nullValues ?? [])])
    yield* db.run("drop table if exists csv_rejects; drop table if exists csv_reject_scans")
    yield* db.run(
      `create or replace temp table csv_records as
select row_number() over () as ordinal, *
from read_csv($path, header = $has_header, skip = $skip, auto_detect = false, delim = $delimiter, quote = $quote, escape = $quote,
              columns = ${columnsLiteral}, compression = $compression, nullstr = $null_texts,
              store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans')`,
      { ...params, null_texts: nullTexts }
    ).pipe(Effect.mapError(unreadable))
    // The lines that start a record: those before which the quotes (from the header on) are
    // balanced. With no quote character every line starts a record.
    yield* db.run(
      `create or replace temp table csv_start_lines as
with lines as (
  select row_number() over () as line_number, line
  from read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '',
                header = false, auto_detect = false, compression = $compression)
),
after_skip as (
  select line_number, line,
    case when $quote = '' then 0 else
      coalesce(sum(length(line) - length(replace(line, $quote, ''))) over (order by line_number rows between unbounded preceding and 1 preceding), 0)
    end as quotes_before
  from lines
  where line_number > $skip
)
select line_number, coalesce(line, '') = '' as blank, quotes_before % 2 = 0 as starts
from after_skip`,
      { ...params }
    ).pipe(Effect.mapError(unreadable))
    yield* numberStarts(db, params).pipe(Effect.mapError(unreadable))
    // Counting quotes is exact while every quote is where DuckDB reads one. A quote inside an
    // unquoted cell (`Pizza 12" Salami`) is text to DuckDB but unbalances the count, and may
    // even balance a real multi-line cell's. So where the count finds a record over several
    // lines, or not one start per record, the lines are read again, cell by cell, as DuckDB
    // splits them (files without multi-line cells, the most, are not).
    const [check] = yield* db.all(`select ${oneStartPerRecord} as aligned, (select bool_or(not starts) from csv_start_lines) as spans`).pipe(Effect.mapError(unreadable))
    if (quote !== "" && (check?.["aligned"] !== true || check["spans"] === true)) {
      const starts = yield* recordStartLines(file, context.text, { skip, delimiter, quote })
      yield* db.run("delete from csv_start_lines").pipe(Effect.mapError(unreadable))
      yield* db.appender("csv_start_lines", (appender) =>
        Effect.try({
          try: () => {
            for (let k = 0; k < starts.count; k++) {
              appender.appendBigInt(BigInt(starts.lines[k] ?? 0))
              appender.appendBoolean(starts.blank[k] === 1)
              appender.appendBoolean(true)
              appender.endRow()
            }
          },
          catch: (e) => new InputUnreadable({ file: file.relativePath, reason: `cannot number its records: ${e instanceof Error ? e.message : String(e)}` })
        })).pipe(Effect.catchTag("WarehouseError", (e) => Effect.fail(unreadable(e))))
      yield* numberStarts(db, params).pipe(Effect.mapError(unreadable))
    }
    // "Bon;Zeit;Betrag;": a header that ends with the delimiter names an empty last column
    const headerHint = named === null && header.length > 1 && (header[header.length - 1] ?? "").trim() === ""
      ? ` (the header line ends with the delimiter, so it has an empty last column the rows do not have: remove that delimiter)`
      : ""
    const oneShort = `%Expected Number of Columns: ${header.length} Found: ${header.length - 1}%`
    const fileParams = { file_id: fileId, skip, header_rows: headerRows, header_lines: headerLines, header_hint: headerHint, one_short: oneShort }
    const records = `(
  with aligned as (select ${oneStartPerRecord} as one_start_per_record)
  select $file_id as file_id,
    case when aligned.one_start_per_record then s.line_number else r.ordinal + $skip + $header_lines end as row_number,
    null::varchar as parse_error, null::varchar as raw, r.*
  from csv_records as r
  cross join aligned
  left join csv_starts as s on s.ordinal = r.ordinal
  where coalesce(s.nonblank, r.ordinal) > $header_rows
  union all by name
  select $file_id as file_id, coalesce(s.line_number, j.line) as row_number,
    'CSV row does not fit the header: ' || string_agg(distinct j.error_message, '; ' order by j.error_message) ||
      case when bool_or(j.error_message like $one_short) then $header_hint else '' end as parse_error,
    any_value(j.csv_line) as raw
  from csv_rejects as j
  left join csv_starts as s on s.k = j.line - $skip - $header_lines
  where coalesce(s.nonblank, j.line) > $header_rows
  group by all
)`
    yield* db.run(
      `insert into ${rawTable(file.source)} (${rawInsertColumns(file.source)})
${compiled.select(records)}`,
      { ...context.params, ...compiled.params, ...fileParams }
    ).pipe(Effect.mapError(unreadable))
  })
