/**
 * Arrow IPC (file or stream) into the raw table. DuckDB's arrow extension cannot be installed
 * offline, so the batches, read with apache-arrow, are written to Parquet in the run's scratch
 * folder by parquet-wasm (Arrow's own Rust writer, compiled to WebAssembly) and read from there
 * as a Parquet file is (src/ingest/read-parquet.ts): DuckDB then reads typed columns at its own
 * speed, where copying every value into DuckDB from JavaScript cost two to three times as long
 * (docs/performance.md, "Changes measured").
 */
import {
  DateDay,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimestampMillisecond,
  Type,
  type Data,
  type DataType,
  type Field
} from "apache-arrow"
import { Effect } from "effect"
import { readFile, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from "parquet-wasm/node"
import type { Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import type { ReadContext } from "./file-mappings.ts"
import { readParquetParts, type ParquetPart } from "./read-parquet.ts"

/** Records per Parquet part: bounds the WebAssembly memory a large file needs at once. */
const defaultRowsPerPart = 250_000

const millisPerDay = 86_400_000n

// A sliced Data's values start at its first row; only its validity bitmap is read at `offset`.

/**
 * Parquet has no timestamp in seconds and no date in milliseconds: Arrow's writer stores both
 * as plain integers, which would be read as numbers. They become a timestamp in milliseconds
 * (same zone) and a date in days before writing. A column of the null type (pandas' column with
 * no value) is made to say so.
 */
const storable = (field: Field, data: Data): { field: Field; data: Data } => {
  const type: DataType = field.type
  if (type.typeId === Type.Timestamp && Reflect.get(type, "unit") === 0) {
    const tz = Reflect.get(type, "timezone")
    const seconds = data.values as BigInt64Array
    const millis = new BigInt64Array(data.length)
    for (let i = 0; i < data.length; i++) millis[i] = (seconds[i] ?? 0n) * 1000n
    const to = new TimestampMillisecond(typeof tz === "string" && tz !== "" ? tz : null)
    return { field: field.clone({ type: to }), data: makeData({ type: to, length: data.length, nullCount: data.nullCount, nullBitmap: validityOf(data), data: millis }) }
  }
  if (type.typeId === Type.Date && Reflect.get(type, "unit") === 1) {
    const millis = data.values as BigInt64Array
    const days = new Int32Array(data.length)
    for (let i = 0; i < data.length; i++) {
      const ms = millis[i] ?? 0n
      // floor division: a date before 1970 is a negative day count
      days[i] = Number(ms >= 0n ? ms / millisPerDay : -((-ms + millisPerDay - 1n) / millisPerDay))
    }
    const to = new DateDay()
    return { field: field.clone({ type: to }), data: makeData({ type: to, length: data.length, nullCount: data.nullCount, nullBitmap: validityOf(data), data: days }) }
  }
  // Arrow's Rust reader insists that a column of the null type counts every row as null
  if (type.typeId === Type.Null && data.nullCount !== data.length) return { field, data: makeData({ type, length: data.length, nullCount: data.length }) }
  return { field, data }
}

/** The validity bitmap of `data` starting at its first row (a sliced batch keeps an offset). */
const validityOf = (data: Data): Uint8Array | undefined => {
  const bitmap = data.nullBitmap
  if (bitmap === undefined || bitmap === null || data.nullCount === 0) return undefined
  if (data.offset === 0) return bitmap
  const out = new Uint8Array(Math.ceil(data.length / 8))
  for (let i = 0; i < data.length; i++) {
    const j = data.offset + i
    if (((bitmap[j >> 3] ?? 0) >> (j & 7)) & 1) out[i >> 3] = (out[i >> 3] ?? 0) | (1 << (i & 7))
  }
  return out
}

const storableBatch = (batch: RecordBatch): RecordBatch => {
  const columns = batch.schema.fields.map((f, i) => storable(f, batch.data.children[i] as Data))
  if (columns.every((c, i) => c.data === batch.data.children[i])) return batch
  const schema = new Schema(columns.map((c) => c.field), batch.schema.metadata)
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children: columns.map((c) => c.data) }))
}

/**
 * The table's records as Parquet parts in `scratch`, each of whole batches and, unless one
 * batch is larger, at most `rowsPerPart` records.
 */
export const arrowParquetParts = async (table: Table, scratch: string, fileId: number, rowsPerPart = defaultRowsPerPart): Promise<ReadonlyArray<ParquetPart>> => {
  const groups: Array<{ firstRow: number; batches: Array<RecordBatch> }> = []
  let row = 0
  for (const batch of table.batches) {
    const last = groups.at(-1)
    const rows = last === undefined ? 0 : last.batches.reduce((n, b) => n + b.numRows, 0)
    if (last === undefined || (rows > 0 && rows + batch.numRows > rowsPerPart)) groups.push({ firstRow: row, batches: [storableBatch(batch)] })
    else last.batches.push(storableBatch(batch))
    row += batch.numRows
  }
  // a file without batches still has its columns: one empty part
  if (groups.length === 0) groups.push({ firstRow: 0, batches: [] })
  const parts: Array<ParquetPart> = []
  for (const [k, g] of groups.entries()) {
    const schema = g.batches[0]?.schema ?? storableSchema(table.schema)
    const stream = tableToIPC(new Table(schema, g.batches), "stream")
    const path = join(scratch, `${fileId}-${k}.parquet`)
    // uncompressed: the part is read once, right away
    const properties = new WriterPropertiesBuilder().setCompression(Compression.UNCOMPRESSED).build()
    await writeFile(path, writeParquet(WasmTable.fromIPCStream(stream), properties))
    parts.push({ path, firstRow: g.firstRow })
  }
  return parts
}

const storableSchema = (schema: Schema): Schema =>
  new Schema(schema.fields.map((f) => storable(f, makeData({ type: f.type, length: 0, nullCount: 0 } as never)).field), schema.metadata)

export const readArrow = (db: Statements, file: InboxFile, fileId: number, context: ReadContext): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const unreadable = (reason: string) => new InputUnreadable({ file: file.relativePath, reason: `cannot be read as Arrow IPC: ${reason}` })
    const message = (e: unknown) => (e instanceof Error ? e.message : String(e))
    const bytes = yield* Effect.tryPromise({ try: () => readFile(file.path), catch: (e) => unreadable(message(e)) })
    // tableFromIPC reads both the file and the stream flavour.
    const table = yield* Effect.try({ try: () => tableFromIPC(bytes), catch: (e) => unreadable(message(e)) })
    if (table.schema.fields.length === 0) return yield* unreadable("no schema found; is it an Arrow IPC file?")
    const parts = yield* Effect.tryPromise({ try: () => arrowParquetParts(table, context.scratch, fileId), catch: (e) => unreadable(message(e)) })
    yield* readParquetParts(db, file, fileId, context, parts, "Arrow IPC").pipe(
      Effect.ensuring(Effect.promise(() => Promise.all(parts.map((p) => rm(p.path, { force: true })))))
    )
  })
