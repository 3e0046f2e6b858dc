/**
 * What every model stage after ingest receives. A stage builds its warehouse tables from the
 * staging tables (events_<source>) with SQL files under sql/<layer>/ and reports the rows it
 * produced; pipelines/outputs.ts lists what gets published.
 */
import { Effect } from "effect"
import type { Config } from "../../schemas/config.ts"
import { profiled, type DuckdbService, type Statements } from "../duckdb/duckdb.ts"
import type { AttributionFitFailed, WarehouseError } from "../errors.ts"
import type { Refresh } from "./refresh.ts"

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

export type StageError = WarehouseError | AttributionFitFailed

export interface StageResult {
  readonly rows: number
  /** Work the stage started and left running; it must finish before `tables` are published. */
  readonly deferred?: DeferredWork
}

/**
 * The rest of a stage that waits for something running alongside the later stages (the
 * attribution stage's Markov/Shapley fit on a worker thread). The run records it as a stage of
 * its own, `name`, and does it just before publishing the tables that need it.
 */
export interface DeferredWork {
  readonly name: string
  /** The published tables it builds. */
  readonly tables: ReadonlyArray<string>
  readonly run: Effect.Effect<StageResult, StageError>
  /** Stops what it waits for (the worker thread) when the run ends before `run`. */
  readonly cancel: Effect.Effect<void>
}

/**
 * The temporary relations an incremental run of a stage reads from the stages before it and
 * leaves for those after it. Temporary tables live on one connection: a stage can read only
 * what a stage before it on the same connection (the same chain) left. Everything else a stage
 * makes temporarily ends with it (models.ts withTemporaryTables).
 */
export interface HandOver {
  readonly consumes: ReadonlyArray<string>
  readonly produces: ReadonlyArray<string>
}

export interface ModelStage {
  readonly name: string
  readonly handOver?: HandOver
  /**
   * Stages of other chains whose tables this one reads: it starts once they have finished
   * (their tables are committed; a chain's temporary relations stay on its own connection).
   */
  readonly after?: ReadonlyArray<string>
  readonly run: (ctx: StageContext) => Effect.Effect<StageResult, StageError>
}

/**
 * What is wrong with how chains of stages hand temporary relations on: a relation a stage
 * consumes that no stage before it in its chain produces (`provided`: what the run itself makes
 * on the first chain's connection before the stages, e.g. delta_files). Empty when all is well.
 */
export const handOverProblems = (
  chains: ReadonlyArray<ReadonlyArray<ModelStage>>,
  provided: ReadonlyArray<string>
): ReadonlyArray<string> =>
  chains.flatMap((chain, i) => {
    const available = new Map<string, string>((i === 0 ? provided : []).map((r) => [r, "the run"]))
    const problems: Array<string> = []
    for (const stage of chain) {
      for (const r of stage.handOver?.consumes ?? []) {
        if (available.has(r)) continue
        const elsewhere = chains.flatMap((c, j) => c.filter((s) => s.handOver?.produces.includes(r)).map((s) => ({ s, j })))[0]
        problems.push(elsewhere === undefined
          ? `stage ${stage.name} reads ${r}, which no stage produces`
          : elsewhere.j !== i
            ? `stage ${stage.name} reads ${r}, which stage ${elsewhere.s.name} produces on another connection (chain ${elsewhere.j + 1}, not ${i + 1})`
            : `stage ${stage.name} reads ${r} before stage ${elsewhere.s.name} produces it`)
      }
      for (const name of stage.after ?? []) {
        const j = chains.findIndex((c) => c.some((s) => s.name === name))
        if (j < 0) problems.push(`stage ${stage.name} waits for stage ${name}, which no chain has`)
        else if (j === i) problems.push(`stage ${stage.name} waits for stage ${name} of its own chain: list it before instead`)
      }
      for (const r of stage.handOver?.produces ?? []) available.set(r, stage.name)
    }
    return problems
  })

/** Runs a stage and then its deferred work, as a test or benchmark that runs one stage needs. */
export const runToEnd = (stage: ModelStage, ctx: StageContext): Effect.Effect<StageResult, StageError> =>
  stage.run(ctx).pipe(Effect.flatMap((r) => (r.deferred === undefined ? Effect.succeed(r) : r.deferred.run.pipe(Effect.ensuring(r.deferred.cancel)))))

/** The rows a stage reports: the sum of the row counts of the tables it built. */
export const martRows = (db: Statements, marts: ReadonlyArray<string>): Effect.Effect<StageResult, WarehouseError> =>
  profiled(`rows of ${marts.join(", ")}`, db.all(marts.map((t) => `select count(*) as n from ${t}`).join("\nunion all\n"))).pipe(
    Effect.map((counts) => ({ rows: counts.reduce((sum, r) => sum + Number(r["n"]), 0) }))
  )
