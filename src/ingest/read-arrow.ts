/**
 * Arrow IPC (file or stream) into the raw table. DuckDB's arrow extension cannot be installed
 * offline, so the columns the mapping reads, decoded with apache-arrow, are written to Parquet
 * in the run's scratch folder by parquet-wasm (Arrow's own Rust writer, compiled to
 * WebAssembly), one part at a time, and each part is read as a Parquet file is
 * (src/ingest/read-parquet.ts): DuckDB reads typed columns at its own speed, where copying every
 * value in from JavaScript cost two to three times as long (docs/performance.md, "Changes
 * measured").
 */
import {
  DateDay,
  FixedSizeList,
  List,
  makeData,
  Map_,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimestampMillisecond,
  Type,
  Utf8,
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
import { fileColumnResolver } from "./file-columns.ts"
import { mappingUnreadable, type ReadContext } from "./file-mappings.ts"
import { compileMapping, MappingError } from "./map-fields.ts"
import { readParquetParts, type ParquetPart } from "./read-parquet.ts"

/**
 * Records per Parquet part (a larger batch is split): bounds the WebAssembly memory, which
 * holds a part about three times over while writing it and is not given back.
 */
const defaultRowsPerPart = 250_000

const millisPerDay = 86_400_000n

/** The validity bitmap of `data` from its first row (a slice reads its bitmap at `offset`). */
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

// A slice of a fixed-width column keeps its bitmap whole (read at `offset`) but its values from
// its own first row on.
const int64Values = (data: Data): BigInt64Array => data.values as BigInt64Array

/** `data`'s rows, nulls where it has them, as a fixed-width column of type `to` with `values`. */
const withValues = (data: Data, to: DataType, values: BigInt64Array | Int32Array): { type: DataType; data: Data } =>
  ({ type: to, data: makeData({ type: to, length: data.length, nullCount: data.nullCount, nullBitmap: validityOf(data), data: values } as never) })

/**
 * A column as Parquet can hold it, at any depth (inside structs, lists and maps):
 * - a timestamp in seconds becomes one in milliseconds (same zone, same instant), and a date in
 *   milliseconds (pandas' `date64`) a date: Parquet has neither, and Arrow's writer would
 *   store their integers as plain numbers;
 * - a column of the null type (a field that is always empty, as pyarrow infers it) becomes text
 *   that is always null: Arrow's Rust reader refuses a null-type column whose null count the
 *   JavaScript writer leaves unknown, as it does for every column it slices.
 * Anything else is kept as it is.
 */
const storable = (type: DataType, data: Data): { type: DataType; data: Data } => {
  if (type.typeId === Type.Timestamp && Reflect.get(type, "unit") === 0) {
    const tz = Reflect.get(type, "timezone")
    const seconds = int64Values(data)
    const millis = new BigInt64Array(data.length)
    for (let i = 0; i < data.length; i++) millis[i] = (seconds[i] ?? 0n) * 1000n
    return withValues(data, new TimestampMillisecond(typeof tz === "string" && tz !== "" ? tz : null), millis)
  }
  if (type.typeId === Type.Date && Reflect.get(type, "unit") === 1) {
    const millis = int64Values(data)
    const days = new Int32Array(data.length)
    for (let i = 0; i < data.length; i++) {
      const ms = millis[i] ?? 0n
      // floor division: a date before 1970 is a negative day count
      days[i] = Number(ms >= 0n ? ms / millisPerDay : -((-ms + millisPerDay - 1n) / millisPerDay))
    }
    return withValues(data, new DateDay(), days)
  }
  if (type.typeId === Type.Null) {
    const to = new Utf8()
    return {
      type: to,
      data: makeData({
        type: to,
        length: data.length,
        nullCount: data.length,
        nullBitmap: new Uint8Array(Math.ceil(data.length / 8)),
        valueOffsets: new Int32Array(data.length + 1),
        data: new Uint8Array(0)
      })
    }
  }
  const fields: ReadonlyArray<Field> = type.children ?? []
  if (fields.length === 0 || data.children.length !== fields.length) return { type, data }
  if (type.typeId !== Type.Struct && type.typeId !== Type.List && type.typeId !== Type.FixedSizeList && type.typeId !== Type.Map) return { type, data }
  const children = fields.map((f, i) => {
    const child = data.children[i] as Data
    const converted = storable(f.type, child)
    return { field: converted.type === f.type ? f : f.clone({ type: converted.type }), data: converted.data }
  })
  if (children.every((c, i) => c.data === data.children[i])) return { type, data }
  const childFields = children.map((c) => c.field)
  const to: DataType = type.typeId === Type.Struct
    ? new Struct(childFields)
    : type.typeId === Type.List
    ? new List(childFields[0] as Field)
    : type.typeId === Type.FixedSizeList
    ? new FixedSizeList(Number(Reflect.get(type, "listSize")), childFields[0] as Field)
    : new Map_(childFields[0] as Field<Struct>, Boolean(Reflect.get(type, "keysSorted")))
  // the same offsets, bitmap and length over the converted children
  return { type: to, data: data.clone(to, data.offset, data.length, data.nullCount, data as never, children.map((c) => c.data)) }
}

const storableBatch = (batch: RecordBatch): RecordBatch => {
  const converted = storable(new Struct(batch.schema.fields), batch.data)
  if (converted.data === batch.data) return batch
  return new RecordBatch(new Schema(converted.type.children, batch.schema.metadata), converted.data as Data<Struct>)
}

/**
 * The table's records as Parquet parts in `scratch`, each written when asked for: whole
 * batches, a batch larger than `rowsPerPart` split into slices of that many, and together at
 * most `rowsPerPart` records unless a single slice is. The caller removes each part.
 */
export async function* parquetParts(table: Table, scratch: string, fileId: number, rowsPerPart = defaultRowsPerPart): AsyncGenerator<ParquetPart> {
  const slices: Array<RecordBatch> = []
  for (const batch of table.batches) {
    const storableOne = storableBatch(batch)
    for (let begin = 0; begin < storableOne.numRows; begin += rowsPerPart) slices.push(storableOne.slice(begin, Math.min(begin + rowsPerPart, storableOne.numRows)))
  }
  const groups: Array<{ firstRow: number; batches: Array<RecordBatch> }> = []
  let rows = 0
  let inGroup = 0
  for (const slice of slices) {
    const last = groups.at(-1)
    if (last === undefined || inGroup + slice.numRows > rowsPerPart) {
      groups.push({ firstRow: rows, batches: [slice] })
      inGroup = 0
    } else last.batches.push(slice)
    inGroup += slice.numRows
    rows += slice.numRows
  }
  // a file without records still has its columns: one empty part
  if (groups.length === 0) groups.push({ firstRow: 0, batches: [] })
  for (const [k, g] of groups.entries()) {
    // without records, the columns as they are: no value needs converting
    const stream = tableToIPC(g.batches.length === 0 ? new Table(table.schema) : new Table(g.batches), "stream")
    const path = join(scratch, `${fileId}-${k}.parquet`)
    // uncompressed: the part is read once, right away
    const properties = new WriterPropertiesBuilder().setCompression(Compression.UNCOMPRESSED).build()
    await writeFile(path, writeParquet(WasmTable.fromIPCStream(stream), properties))
    yield { path, firstRow: g.firstRow }
  }
}

export const readArrow = (db: Statements, file: InboxFile, fileId: number, context: ReadContext): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const unreadable = (reason: string) => new InputUnreadable({ file: file.relativePath, reason: `cannot be read as Arrow IPC: ${reason}` })
    const message = (e: unknown) => (e instanceof Error ? e.message : String(e))
    const bytes = yield* Effect.tryPromise({ try: () => readFile(file.path), catch: (e) => unreadable(message(e)) })
    // tableFromIPC reads both the file and the stream flavour.
    const table = yield* Effect.try({ try: () => tableFromIPC(bytes), catch: (e) => unreadable(message(e)) })
    const names = table.schema.fields.map((f) => f.name)
    if (names.length === 0) return yield* unreadable("no schema found; is it an Arrow IPC file?")
    // Only the columns the mapping reads are written: the others cost time, and a type Parquet
    // cannot hold must not make a file unreadable through a column nobody reads.
    const used = new Set<number>()
    const compiled = compileMapping(file.source, context.mapping?.entry ?? null, {
      resolve: fileColumnResolver(names, {
        column: (i) => {
          used.add(i)
          return "null"
        },
        inside: (i) => {
          used.add(i)
          return "null"
        }
      }),
      columns: names
    }, "arrow")
    if (compiled instanceof MappingError) return yield* mappingUnreadable(file, context.mapping, compiled.reason)
    // one column at least, so that the parts still count the records
    const selected = table.selectAt(used.size === 0 ? [0] : [...used].sort((a, b) => a - b))
    const parts = parquetParts(selected, context.scratch, fileId)
    let current: string | null = null
    const removeCurrent = Effect.promise(async () => {
      if (current !== null) await rm(current, { force: true })
      current = null
    })
    const next = Effect.gen(function*() {
      yield* removeCurrent
      const step = yield* Effect.tryPromise({ try: () => parts.next(), catch: (e) => unreadable(message(e)) })
      if (step.done === true) return null
      current = step.value.path
      return step.value
    })
    yield* readParquetParts(db, file, fileId, context, "Arrow IPC", next).pipe(Effect.ensuring(removeCurrent))
  })
