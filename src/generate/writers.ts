/**
 * File writers. Text formats stream to disk (optionally through gzip) so a file never has to fit
 * in memory; Parquet goes through a temporary NDJSON file that DuckDB converts; Arrow collects
 * one file's rows (one day of web, or a few days of a low-volume source) and writes one record
 * batch, which is no more than the day buffer already holds.
 *
 * Every file is written under a dot-prefixed `.partial` name and renamed when complete, so a
 * pipeline watching the inbox never sees a half-written file.
 */
import type { DuckDBConnection } from "@duckdb/node-api"
import { Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from "apache-arrow"
import { once } from "node:events"
import { createWriteStream, type WriteStream } from "node:fs"
import { rename, rm, writeFile } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import { Transform, type TransformCallback, type Writable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { createGzip } from "node:zlib"
import { formatBerlin, formatUtc } from "./calendar.ts"
import type { Cell, Cells, Column, FileFormat, SourceName } from "./columns.ts"

export interface WrittenFile {
  readonly path: string
  readonly source: string
  readonly format: string
  readonly rows: number
}

export interface FileSink {
  readonly append: (rows: ReadonlyArray<Cells>) => Promise<void>
  readonly close: () => Promise<WrittenFile>
  /** Removes whatever was written so far (used when the run fails). */
  readonly abort: () => Promise<void>
}

export interface SinkSpec {
  readonly path: string
  readonly source: SourceName
  readonly format: FileFormat
  readonly columns: ReadonlyArray<Column>
  /** Write occurred_at as epoch milliseconds (a JSON number) instead of ISO text. */
  readonly epochOccurredAt: boolean
}

/** Fixed so the compressed bytes only depend on the input. */
const GZIP_LEVEL = 6
/** Flush text to the stream in pieces of about this many characters. */
const WRITE_CHUNK = 1 << 20

const partialPath = (path: string): string => join(dirname(path), `.${basename(path)}.partial`)

const moneyText = (cents: number): string => {
  const abs = Math.abs(cents)
  const sign = cents < 0 ? "-" : ""
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`
}

const instantText = (ms: number, local: boolean): string => (local ? formatBerlin(ms) : formatUtc(ms))

const checkNumber = (n: number, column: string): number => {
  if (!Number.isFinite(n)) throw new Error(`generator produced a non-finite ${column}`)
  return n
}

/** Text for CSV and Arrow (strings), or a number for numeric columns. */
const plainValue = (cell: Cell, column: Column, epoch: boolean): string | number => {
  if (typeof cell === "string") return cell
  if (typeof cell === "number") return checkNumber(cell, column.name)
  if (cell.kind === "money") return moneyText(cell.cents)
  return epoch && column.name === "occurred_at" ? cell.ms : instantText(cell.ms, cell.local)
}

/** A JSON value literal; money is written as a number literal with exactly two decimals. */
const jsonValue = (cell: Cell, column: Column, epoch: boolean): string => {
  if (typeof cell === "string") return JSON.stringify(cell)
  if (typeof cell === "number") return String(checkNumber(cell, column.name))
  if (cell.kind === "money") return moneyText(cell.cents)
  return epoch && column.name === "occurred_at" ? String(cell.ms) : JSON.stringify(instantText(cell.ms, cell.local))
}

const requireCell = (cells: Cells, column: Column): Cell | undefined => {
  const cell = cells[column.name]
  if (cell === undefined && column.required) throw new Error(`generator left required column ${column.name} empty`)
  return cell
}

/** One JSON object per line; absent optional fields are omitted rather than written as null. */
export const jsonLine = (columns: ReadonlyArray<Column>, cells: Cells, epoch: boolean): string => {
  const parts: Array<string> = []
  for (const column of columns) {
    const cell = requireCell(cells, column)
    if (cell !== undefined) parts.push(`${JSON.stringify(column.name)}:${jsonValue(cell, column, epoch)}`)
  }
  return `{${parts.join(",")}}\n`
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** RFC 4180 field; values with surrounding blanks are quoted too so no reader trims them. */
export const csvField = (value: string | number): string => {
  if (typeof value === "number") return String(value)
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value
}

export const csvHeader = (columns: ReadonlyArray<Column>): string => `${columns.map((c) => csvField(c.name)).join(",")}\r\n`

export const csvLine = (columns: ReadonlyArray<Column>, cells: Cells, epoch: boolean): string =>
  `${columns.map((column) => {
    const cell = requireCell(cells, column)
    return cell === undefined ? "" : csvField(plainValue(cell, column, epoch))
  }).join(",")}\r\n`

/**
 * zlib writes the operating system into byte 9 of the gzip header (3 on Linux, 19 on macOS);
 * pinning it to 3 keeps the bytes identical across machines.
 */
class PinGzipOs extends Transform {
  private offset = 0

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let out = chunk
    if (this.offset <= 9 && this.offset + chunk.length > 9) {
      out = Buffer.from(chunk)
      out[9 - this.offset] = 3
    }
    this.offset += chunk.length
    callback(null, out)
  }
}

/** A streamed text file, optionally gzip-compressed, written to `target`. */
class TextFile {
  private readonly entry: Writable
  private readonly file: WriteStream
  private readonly done: Promise<void>
  private pending: Array<string> = []
  private pendingSize = 0

  constructor(readonly target: string, gzip: boolean) {
    this.file = createWriteStream(target)
    if (gzip) {
      const gz = createGzip({ level: GZIP_LEVEL })
      this.entry = gz
      this.done = pipeline(gz, new PinGzipOs(), this.file)
    } else {
      this.entry = this.file
      this.done = once(this.file, "close").then(() => undefined)
      this.file.on("error", () => undefined)
    }
    // Rejections are observed when the file is finished; this stops an early one crashing the process.
    this.done.catch(() => undefined)
  }

  async write(text: string): Promise<void> {
    this.pending.push(text)
    this.pendingSize += text.length
    if (this.pendingSize >= WRITE_CHUNK) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const text = this.pending.join("")
    this.pending = []
    this.pendingSize = 0
    if (!this.entry.write(text)) await Promise.race([once(this.entry, "drain"), this.done])
  }

  async finish(): Promise<void> {
    await this.flush()
    this.entry.end()
    await this.done
    if (this.file.errored !== null) throw this.file.errored
  }

  async abort(): Promise<void> {
    this.entry.destroy()
    this.file.destroy()
    await rm(this.target, { force: true })
  }
}

const textSink = (spec: SinkSpec): FileSink => {
  const csv = spec.format === "csv" || spec.format === "csv.gz"
  const tmp = partialPath(spec.path)
  const file = new TextFile(tmp, spec.format.endsWith(".gz"))
  let rows = 0
  let started = false
  return {
    append: async (events) => {
      if (csv && !started) await file.write(csvHeader(spec.columns))
      started = true
      const lines = events.map((cells) =>
        csv ? csvLine(spec.columns, cells, spec.epochOccurredAt) : jsonLine(spec.columns, cells, spec.epochOccurredAt)
      )
      rows += events.length
      await file.write(lines.join(""))
    },
    close: async () => {
      if (csv && !started) await file.write(csvHeader(spec.columns))
      await file.finish()
      await rename(tmp, spec.path)
      return { path: spec.path, source: spec.source, format: spec.format, rows }
    },
    abort: () => file.abort()
  }
}

const DUCKDB_TYPE = { text: "VARCHAR", instant: "VARCHAR", number: "DOUBLE" } as const

const parquetSink = (spec: SinkSpec, scratchDir: string, connection: () => Promise<DuckDBConnection>): FileSink => {
  const ndjson = join(scratchDir, `${basename(spec.path)}.ndjson`)
  const tmp = partialPath(spec.path)
  const file = new TextFile(ndjson, false)
  let rows = 0
  // Column names are our own constants, so splicing them into the SQL text is safe; paths are bound.
  const columns = spec.columns.map((c) => `'${c.name}': '${DUCKDB_TYPE[c.type]}'`).join(", ")
  return {
    append: async (events) => {
      rows += events.length
      await file.write(events.map((cells) => jsonLine(spec.columns, cells, spec.epochOccurredAt)).join(""))
    },
    close: async () => {
      await file.finish()
      const con = await connection()
      await con.run(
        `COPY (SELECT * FROM read_json($1, format = 'newline_delimited', columns = {${columns}})) TO $2 (FORMAT parquet)`,
        [ndjson, tmp]
      )
      await rm(ndjson, { force: true })
      await rename(tmp, spec.path)
      return { path: spec.path, source: spec.source, format: spec.format, rows }
    },
    abort: async () => {
      await file.abort()
      await rm(tmp, { force: true })
    }
  }
}

const arrowSink = (spec: SinkSpec): FileSink => {
  const tmp = partialPath(spec.path)
  const values: Array<Array<string | number | null>> = spec.columns.map(() => [])
  let rows = 0
  return {
    append: async (events) => {
      for (const cells of events) {
        spec.columns.forEach((column, i) => {
          const cell = requireCell(cells, column)
          values[i]?.push(cell === undefined ? null : plainValue(cell, column, spec.epochOccurredAt))
        })
      }
      rows += events.length
    },
    close: async () => {
      const vectors: Record<string, Vector> = {}
      spec.columns.forEach((column, i) => {
        const column_values = values[i] ?? []
        vectors[column.name] = column.type === "number"
          ? vectorFromArray(column_values.map((v) => (typeof v === "number" ? v : v === null ? null : Number(v))), new Float64())
          : vectorFromArray(column_values.map((v) => (v === null ? null : String(v))), new Utf8())
      })
      const bytes = tableToIPC(new Table(vectors), spec.format === "arrow" ? "file" : "stream")
      await writeFile(tmp, bytes)
      await rename(tmp, spec.path)
      return { path: spec.path, source: spec.source, format: spec.format, rows }
    },
    abort: () => rm(tmp, { force: true })
  }
}

export const openSink = (spec: SinkSpec, scratchDir: string, connection: () => Promise<DuckDBConnection>): FileSink => {
  switch (spec.format) {
    case "parquet":
      return parquetSink(spec, scratchDir, connection)
    case "arrow":
    case "arrows":
      return arrowSink(spec)
    default:
      return textSink(spec)
  }
}
