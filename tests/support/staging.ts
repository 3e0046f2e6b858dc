/** Hand-made staging rows for stage tests: inserted straight into events_<source>. */
import type { DuckDBValue } from "@duckdb/node-api"
import { Effect, Schema } from "effect"
import { Config } from "../../schemas/config.ts"
import type { StageContext } from "../../src/run/stage.ts"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../../src/errors.ts"
import { rebuildAll } from "../../src/run/refresh.ts"

export type StagingRow = Readonly<Record<string, DuckDBValue>>

export const defaultConfig: Config = Schema.decodeUnknownSync(Config)({})

/** What a stage test may set in its stage's context; the rest are the defaults below. */
export interface StageOptions {
  readonly config?: Config
  readonly since?: string | null
  readonly until?: string | null
  readonly runId?: string
  readonly fullRefresh?: boolean
}

/** A stage's context on `db` for a test: a full build with the default config unless `options` say otherwise. */
export const stageContext = (db: DuckdbService, options: StageOptions = {}): StageContext => ({
  db,
  config: options.config ?? defaultConfig,
  runId: options.runId ?? "test",
  since: options.since ?? null,
  until: options.until ?? null,
  fullRefresh: options.fullRefresh ?? true,
  refresh: rebuildAll
})

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
