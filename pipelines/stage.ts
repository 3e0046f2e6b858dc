/**
 * What every model stage after ingest receives. A stage builds its warehouse tables from the
 * staging tables (events_<source>) with SQL files under sql/<layer>/ and reports the rows it
 * produced; pipelines/outputs.ts lists what gets published.
 */
import { Effect } from "effect"
import type { Config } from "../schemas/config.ts"
import { profiled, type DuckdbService, type Statements } from "../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../src/errors.ts"
import type { Refresh } from "../src/run/refresh.ts"

export interface StageContext {
  readonly db: DuckdbService
  readonly config: Config
  readonly runId: string
  /** Inclusive business dates of the analysis window, or null for all data. */
  readonly since: string | null
  readonly until: string | null
  readonly fullRefresh: boolean
  /** Rebuild from all events, or update from the previous build with the events of new files. */
  readonly refresh: Refresh
}

export interface StageResult {
  readonly rows: number
}

export interface ModelStage {
  readonly name: string
  readonly run: (ctx: StageContext) => Effect.Effect<StageResult, WarehouseError>
}

/** The rows a stage reports: the sum of its marts' row counts. */
export const martRows = (db: Statements, marts: ReadonlyArray<string>): Effect.Effect<StageResult, WarehouseError> =>
  profiled(`rows of ${marts.join(", ")}`, db.all(marts.map((t) => `select count(*) as n from ${t}`).join("\nunion all\n"))).pipe(
    Effect.map((counts) => ({ rows: counts.reduce((sum, r) => sum + Number(r["n"]), 0) }))
  )
