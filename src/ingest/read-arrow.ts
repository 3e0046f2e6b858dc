/**
 * Arrow IPC (file or stream) into the raw table. DuckDB's arrow extension cannot be installed
 * offline, so batches are read with apache-arrow and appended column values as text. Timestamps
 * are rebuilt from their integer storage because row access rounds them to milliseconds.
 */
import { tableFromIPC, Type, type DataType, type Vector } from "apache-arrow"
import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import type { Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import { fileColumnResolver, insideJson } from "./file-columns.ts"
import { mappingUnreadable, type ReadContext } from "./file-mappings.ts"
import { compileMapping, MappingError, rawInsertColumns } from "./map-fields.ts"
import { sqlIdent } from "../duckdb/sql-text.ts"
import { rawTable } from "./source-columns.ts"

const pad = (n: bigint, width: number) => n.toString().padStart(width, "0")

/** An Arrow timestamp as ISO-8601 text; with a zone on the type it is an instant (Z). */
const timestampText = (value: bigint, unit: number, zoned: boolean): string => {
  const perSecond = [1n, 1_000n, 1_000_000n, 1_000_000_000n][unit] ?? 1_000n
  let seconds = value / perSecond
  let fraction = value % perSecond
  if (fraction < 0n) {
    fraction += perSecond
    seconds -= 1n
  }
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19)
  const digits = perSecond === 1n ? "" : "." + pad(fraction, perSecond.toString().length - 1)
  return `${iso}${digits}${zoned ? "Z" : ""}`
}

const cellText = (vector: Vector, type: DataType, i: number): string | null => {
  if (!vector.isValid(i)) return null
  if (type.typeId === Type.Timestamp) {
    const data = vector.data[0]
    const raw = data?.values[data.offset + i]
    const unit = Reflect.get(type, "unit")
    const tz = Reflect.get(type, "timezone")
    if (typeof raw === "bigint" && typeof unit === "number") return timestampText(raw, unit, typeof tz === "string" && tz !== "")
  }
  const v: unknown = vector.get(i)
  if (v === null || v === undefined) return null
  if (typeof v === "string") return v
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v)
  if (v instanceof Date) return v.toISOString()
  // a nested 64-bit integer (GA4's int_value) is a bigint, which JSON.stringify refuses
  return JSON.stringify(v, (_key, x: unknown) => (typeof x === "bigint" ? x.toString() : x))
}

export const readArrow = (db: Statements, file: InboxFile, fileId: number, context: ReadContext): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const unreadable = (reason: string) => new InputUnreadable({ file: file.relativePath, reason: `cannot be read as Arrow IPC: ${reason}` })
    const bytes = yield* Effect.tryPromise({ try: () => readFile(file.path), catch: (e) => unreadable(String(e)) })
    // tableFromIPC reads both the file and the stream flavour.
    const table = yield* Effect.try({
      try: () => tableFromIPC(bytes),
      catch: (e) => unreadable(e instanceof Error ? e.message : String(e))
    })
    const batches = table.batches
    const names = table.schema.fields.map((f) => f.name)
    if (names.length === 0) return yield* unreadable("no schema found; is it an Arrow IPC file?")
    // Only the columns the mapping reads are copied, as text, into a scratch table.
    const used = new Set<number>()
    const compiled = compileMapping(file.source, context.mapping?.entry ?? null, {
      resolve: fileColumnResolver(names, {
        column: (i) => {
          used.add(i)
          return `rec.${sqlIdent(`c${i}`)}`
        },
        inside: (i, rest) => {
          used.add(i)
          return insideJson(`rec.${sqlIdent(`c${i}`)}`, rest)
        }
      }),
      columns: names
    }, "arrow")
    if (compiled instanceof MappingError) return yield* mappingUnreadable(file, context.mapping, compiled.reason)
    const columns = [...used].sort((a, b) => a - b)
    yield* db.run(`create or replace temp table arrow_records (row_number bigint${columns.map((i) => `, ${sqlIdent(`c${i}`)} varchar`).join("")})`)
    yield* db.appender("arrow_records", (appender) =>
      Effect.try({
        try: () => {
          let rowNumber = 0
          for (const batch of batches) {
            const vectors = columns.map((index) => {
              const vector = batch.getChildAt(index)
              const type = table.schema.fields[index]?.type ?? null
              return vector === null || type === null ? null : { vector, type }
            })
            for (let i = 0; i < batch.numRows; i++) {
              rowNumber++
              appender.appendBigInt(BigInt(rowNumber))
              for (const v of vectors) {
                const text = v === null ? null : cellText(v.vector, v.type, i)
                if (text === null) appender.appendNull()
                else appender.appendVarchar(text)
              }
              appender.endRow()
            }
          }
        },
        catch: (e) => unreadable(e instanceof Error ? e.message : String(e))
      }))
    yield* db.run(
      `insert into ${rawTable(file.source)} (${rawInsertColumns(file.source)})
${compiled.select("(select $file_id as file_id, row_number, null::varchar as parse_error, null::varchar as raw, * exclude (row_number) from arrow_records)")}`,
      { ...context.params, ...compiled.params, file_id: fileId }
    ).pipe(
      Effect.mapError((e) => unreadable(e.message.split("\n")[0] ?? "")),
      Effect.ensuring(db.run("drop table if exists arrow_records").pipe(Effect.ignore))
    )
  })
