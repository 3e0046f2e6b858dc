/**
 * Parquet into the raw table. Every column is cast to text so that one validator serves all
 * formats; a TIMESTAMP WITH TIME ZONE becomes text with its offset, a plain TIMESTAMP text
 * without one (read in the business time zone, as the contract says for offset-less values).
 */
import { Effect } from "effect"
import { sourceColumns } from "../../schemas/sources.ts"
import type { Statements } from "../duckdb/duckdb.ts"
import { InputUnreadable, type WarehouseError } from "../errors.ts"
import type { InboxFile } from "./discover.ts"
import { mapColumns, missingColumnsReason } from "./raw-columns.ts"
import { rawTable, sqlIdent, sqlString } from "./source-columns.ts"

export const readParquet = (db: Statements, file: InboxFile, fileId: number): Effect.Effect<void, InputUnreadable | WarehouseError> =>
  Effect.gen(function*() {
    const unreadable = (e: WarehouseError) =>
      new InputUnreadable({ file: file.relativePath, reason: `cannot be read as Parquet: ${e.message.split("\n")[0]}` })
    const described = yield* db.all("describe select * from read_parquet($path)", { path: file.path }).pipe(Effect.mapError(unreadable))
    const names = described.map((r) => String(r["column_name"]))
    const mapping = mapColumns(file.source, names)
    if (mapping.missingRequired.length > 0) {
      return yield* new InputUnreadable({ file: file.relativePath, reason: missingColumnsReason(mapping.missingRequired, names) })
    }
    const cols = sourceColumns(file.source)
    const pick = (name: string) => {
      const actual = mapping.present.get(name)
      return actual === undefined ? "null" : `cast(${sqlIdent(actual)} as varchar)`
    }
    const rawJson = `json_object(${[...mapping.present.keys()].map((n) => `${sqlString(n)}, ${pick(n)}`).join(", ")})`
    yield* db.run(
      `insert into ${rawTable(file.source)} (file_id, row_number, parse_error, raw, ${cols.map((c) => c.name).join(", ")})
select $file_id, file_row_number + 1, null, ${rawJson}::varchar, ${cols.map((c) => pick(c.name)).join(", ")}
from read_parquet($path, file_row_number = true)`,
      { path: file.path, file_id: fileId }
    ).pipe(Effect.mapError(unreadable))
  })
