/**
 * Parquet into the raw table. Every value is cast to text so that one validator serves all
 * formats; a TIMESTAMP WITH TIME ZONE becomes text with its offset, a plain TIMESTAMP text
 * without one (read in the business time zone, as the contract says for offset-less values).
 * A mapping's `$.col.rest` path reads inside a nested (struct, list, map) column through its
 * JSON form.
 */
import { Effect } from "effect"
import type { Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import { fileColumnResolver, insideJson } from "./file-columns.ts"
import { mappingUnreadable, type ReadContext } from "./file-mappings.ts"
import { compileMapping, MappingError, rawInsertColumns } from "./map-fields.ts"
import { sqlIdent } from "../duckdb/sql-text.ts"
import { rawTable } from "./source-columns.ts"

/** Whether a DuckDB type (as `describe` names it) holds nested values. */
const nested = (type: string): boolean => /^(STRUCT|MAP|UNION)\(/.test(type) || /\]$/.test(type)

/** A Parquet file holding a file's records from `firstRow` on (0-based), in their order. */
export interface ParquetPart {
  readonly path: string
  readonly firstRow: number
}

/**
 * The records of `file`, held in Parquet parts of the same columns that `next` gives one at a
 * time (null when there are no more), into the raw table, each numbered by its place in `file`
 * (1-based). `what` names the file's format in messages, which name `file`, not a part.
 */
export const readParquetParts = <E>(
  db: Statements,
  file: InboxFile,
  fileId: number,
  context: ReadContext,
  what: string,
  next: Effect.Effect<ParquetPart | null, E>
): Effect.Effect<void, InputUnreadable | WarehouseError | E> =>
  Effect.gen(function*() {
    const unreadable = (part: ParquetPart) => (e: WarehouseError) =>
      new InputUnreadable({ file: file.relativePath, reason: `cannot be read as ${what}: ${(e.message.split("\n")[0] ?? "").split(part.path).join(file.relativePath)}` })
    const first = yield* next
    if (first === null) return
    const described = yield* db.all("describe select * from read_parquet($path)", { path: first.path }).pipe(Effect.mapError(unreadable(first)))
    const names = described.map((r) => String(r["column_name"]))
    const types = described.map((r) => String(r["column_type"]))
    const compiled = compileMapping(file.source, context.mapping?.entry ?? null, {
      resolve: fileColumnResolver(names, {
        // a nested value (struct, list, map) as its JSON text, as an NDJSON line gives it: DuckDB's
        // own text of it (`{'k': v}`) quotes nothing, and no other tool writes it
        column: (i) => nested(types[i] ?? "") ? `to_json(rec.${sqlIdent(names[i] ?? "")})::varchar` : `cast(rec.${sqlIdent(names[i] ?? "")} as varchar)`,
        // a text column may hold JSON itself; any other is read through its JSON form
        inside: (i, rest) => insideJson(types[i] === "VARCHAR" ? `rec.${sqlIdent(names[i] ?? "")}` : `to_json(rec.${sqlIdent(names[i] ?? "")})`, rest)
      }),
      columns: names
    }, "parquet")
    if (compiled instanceof MappingError) return yield* mappingUnreadable(file, context.mapping, compiled.reason)
    let part: ParquetPart | null = first
    while (part !== null) {
      yield* db.run(
        `insert into ${rawTable(file.source)} (${rawInsertColumns(file.source)})
${compiled.select(`(select $file_id as file_id, file_row_number + 1 + $first_row::bigint as row_number, null::varchar as parse_error, null::varchar as raw,
    ${names.map((n) => sqlIdent(n)).join(", ")}
  from read_parquet($path, file_row_number = true))`)}`,
        { ...context.params, ...compiled.params, path: part.path, file_id: fileId, first_row: part.firstRow }
      ).pipe(Effect.mapError(unreadable(part)))
      part = yield* next
    }
  })

export const readParquet = (db: Statements, file: InboxFile, fileId: number, context: ReadContext): Effect.Effect<void, InputUnreadable | WarehouseError> => {
  let given = false
  return readParquetParts(db, file, fileId, context, "Parquet", Effect.sync(() => {
    if (given) return null
    given = true
    return { path: file.path, firstRow: 0 }
  }))
}
