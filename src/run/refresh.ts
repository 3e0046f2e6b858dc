/**
 * Full or incremental: whether this run may update the derived tables from the previous run's
 * (identity, journeys, attribution, KPIs, reputation) with only the events of new files, or must
 * rebuild them from every staged event. Incremental needs a complete previous build with the
 * same build digest: the same program (sql/, src/, schemas/), the same model-relevant
 * configuration, the same analysis window and pseudonymisation key. Anything else, or
 * `--full-refresh`, rebuilds everything.
 */
import { Effect } from "effect"
import { createHash } from "node:crypto"
import type { Config } from "../../schemas/config.ts"
import type { Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { sourceDigest } from "../source-digest.ts"

export type Refresh =
  | { readonly mode: "full"; readonly reason: string }
  /** Derived tables hold every event of files up to afterFileId; newer files are the delta. */
  | { readonly mode: "incremental"; readonly afterFileId: number }

let programDigest: string | null = null

/** Digest of the code and models that build the derived tables; a new release rebuilds them. */
const program = (): string => {
  programDigest ??= sourceDigest(["sql", "src", "schemas", "pipelines"])
  return programDigest
}

export interface BuildInputs {
  readonly config: Config
  readonly since: string | null
  readonly until: string | null
  readonly piiKey: Buffer
}

/** Paths, schedule, DuckDB resources and the quarantine limit do not change what a model computes. */
export const buildDigest = ({ config, since, until, piiKey }: BuildInputs): string => {
  // Mappings and ingest checks change what is loaded, not how models compute: a changed mapping
  // replaces its files' events, and the run that does so rebuilds everything (planRefresh).
  // The report's language changes only the page, which every run writes anew.
  const { paths: _paths, schedule: _schedule, duckdb: _duckdb, quarantine: _quarantine, sources: _sources, ingest: _ingest, report: _report, ...models } = config
  return createHash("sha256")
    .update(program())
    .update(JSON.stringify({ models, since, until }))
    .update(createHash("sha256").update(piiKey).digest())
    .digest("hex")
}

export const planRefresh = (
  db: Statements,
  options: {
    readonly fullRefresh: boolean
    readonly buildDigest: string
    readonly replacedFiles?: number
    readonly retentionDropped?: number
    readonly rebuildReason?: string
  }
): Effect.Effect<Refresh, WarehouseError> =>
  Effect.gen(function*() {
    if (options.fullRefresh) return { mode: "full", reason: "--full-refresh" } as const
    if (options.rebuildReason !== undefined) return { mode: "full", reason: options.rebuildReason } as const
    if ((options.retentionDropped ?? 0) > 0) {
      return { mode: "full", reason: `retention dropped ${options.retentionDropped} events older than retention.days` } as const
    }
    if ((options.replacedFiles ?? 0) > 0) {
      return { mode: "full", reason: `${options.replacedFiles} file(s) were read again with a changed mapping and their events replaced` } as const
    }
    const rows = yield* db.all("select build_digest, through_file_id from derived_state")
    const [state] = rows
    if (rows.length !== 1 || state === undefined) return { mode: "full", reason: "no complete previous build" } as const
    if (state["build_digest"] !== options.buildDigest) {
      return { mode: "full", reason: "the program, the model configuration, the window or the key changed since the last build" } as const
    }
    return { mode: "incremental", afterFileId: Number(state["through_file_id"]) } as const
  })

/** Called before the first derived table changes: a run that stops now leaves no valid state. */
export const invalidateBuild = (db: Statements): Effect.Effect<void, WarehouseError> => db.run("delete from derived_state")

/** Called when every derived table is built: they now hold every event of every loaded file. */
export const recordBuild = (db: Statements, options: { readonly buildDigest: string; readonly runId: string }): Effect.Effect<void, WarehouseError> =>
  db.run(
    `insert into derived_state (build_digest, through_file_id, run_id)
select $digest, coalesce(max(file_id), 0), $run_id from input_files`,
    { digest: options.buildDigest, run_id: options.runId }
  )

/** For callers that run a stage on its own (tests, benchmarks): rebuild from all events. */
export const rebuildAll: Refresh = { mode: "full", reason: "stage run on its own" }

/**
 * For an incremental run: the temporary table delta_files lists the input files newer than the
 * last build, which every stage's slice starts from.
 */
export const markNewFiles = (db: Statements, refresh: Refresh): Effect.Effect<void, WarehouseError> =>
  refresh.mode === "incremental"
    ? db.run("create or replace temp table delta_files as select file_id from input_files where file_id > $after", { after: refresh.afterFileId })
    : db.run("drop table if exists temp.main.delta_files")
