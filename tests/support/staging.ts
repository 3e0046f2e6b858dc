/** Hand-made staging rows for stage tests: inserted straight into events_<source>. */
import type { DuckDBValue } from "@duckdb/node-api"
import { Effect, Schema } from "effect"
import { Config } from "../../schemas/config.ts"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../../src/errors.ts"

export type StagingRow = Readonly<Record<string, DuckDBValue>>

export const defaultConfig: Config = Schema.decodeUnknownSync(Config)({})

/** A warehouse value as a number, keeping SQL NULL apart from 0 (BIGINT and DECIMAL arrive as strings). */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

/** Inserts rows (column → value) into a staging table with lineage file_id and row numbers 1…n. */
export const insertStagingRows = (
  db: DuckdbService,
  table: string,
  rows: ReadonlyArray<StagingRow>,
  fileId: number
): Effect.Effect<void, WarehouseError> =>
  Effect.forEach(rows, (row, i) => {
    const columns = Object.keys(row)
    return db.run(
      `insert into ${table} (${[...columns, "file_id", "row_number", "run_id"].join(", ")}) ` +
        `values (${columns.map((c) => `$${c}`).join(", ")}, ${fileId}, ${i + 1}, 'test')`,
      row
    )
  }, { discard: true })
