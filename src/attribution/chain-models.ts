/**
 * Reads the distinct paths the SQL models aggregated (int_attribution_chain_paths,
 * int_attribution_unit_paths) and fits markov and shapley on them (chain-fit.ts) in a worker
 * thread. Only aggregated paths ever reach TypeScript. Definition: docs/attribution.md.
 */
import { Effect } from "effect"
import { Worker } from "node:worker_threads"
import type { Config } from "../../schemas/config.ts"
import { profiled, type Statements } from "../duckdb/duckdb.ts"
import { AttributionFitFailed, type WarehouseError } from "../errors.ts"
import { unitsFromColumns } from "./bootstrap.ts"
import type { ChainFit, ChainInputs, ChainModel, ChainSettings } from "./chain-fit.ts"

export type { ChainFit, ChainInputs, ChainSettings } from "./chain-fit.ts"

export const chainSettings = (attribution: Config["attribution"]): ChainSettings => ({
  models: attribution.models.filter((m): m is ChainModel => m === "markov" || m === "shapley"),
  markovOrder: attribution.markovOrder,
  bootstrapResamples: attribution.bootstrapResamples,
  seed: attribution.seed
})

/**
 * Reads the aggregated paths from the warehouse; a bootstrap needs the units too. Read column
 * by column: at 5 M events that is 100 k paths and 330 k unit rows, and an object per row
 * costs about twice the time.
 */
export const readChainInputs = (db: Statements, settings: ChainSettings): Effect.Effect<ChainInputs, WarehouseError> =>
  Effect.gen(function*() {
    const none = unitsFromColumns(new Int32Array(0), new Int32Array(0), new Float64Array(0))
    if (settings.models.length === 0) return { pathChannels: [], converted: new Uint8Array(0), pathCounts: new Float64Array(0), units: none }
    const [pathJson = [], converted = [], pathCounts = []] = yield* profiled("attribution fit: read paths", db.columns(
      // the paths as JSON text: the client converts 100 k lists into arrays about twice as slowly
      "select to_json(chain_path)::varchar as chain_path_json, converted, paths from int_attribution_chain_paths order by path_id"
    ))
    const paths = {
      pathChannels: pathJson.map(String),
      converted: Uint8Array.from(converted, (c) => (c === true ? 1 : 0)),
      pathCounts: Float64Array.from(pathCounts, Number)
    }
    if (settings.bootstrapResamples <= 0) return { ...paths, units: none }
    const [unitIds = [], pathIds = [], unitPathCounts = []] = yield* profiled("attribution fit: read units", db.columns(
      "select unit_id, path_id, paths from int_attribution_unit_paths order by unit_id, path_id"
    ))
    const units = unitsFromColumns(
      Int32Array.from(unitIds, Number),
      Int32Array.from(pathIds, Number),
      Float64Array.from(unitPathCounts, Number)
    )
    return { ...paths, units }
  })

// The build (dist/src/main.js, a bundle) runs the bundled worker beside it; run from the
// TypeScript sources, the worker thread needs the shim that loads it through tsx.
const workerEntry = new URL(import.meta.url.endsWith(".js") ? "./chain-fit-worker.js" : "./chain-fit-worker.mjs", import.meta.url)

/**
 * Fits on a worker thread: the fit is seconds of JavaScript at millions of events, and on the
 * main thread it would hold up the warehouse queries that can run meanwhile (the stages after
 * attribution and the publishing of their tables), as their completions wait for the event
 * loop. The worker is stopped when the fiber is interrupted.
 */
export const fitInWorker = (inputs: ChainInputs, settings: ChainSettings): Effect.Effect<ChainFit, AttributionFitFailed> =>
  settings.models.length === 0
    ? Effect.succeed({ weights: [], transitions: [] })
    : Effect.async<ChainFit, AttributionFitFailed>((resume) => {
      // the first of message, error and exit settles it; the others follow it (exit always does)
      let settled = false
      const settle = (result: Effect.Effect<ChainFit, AttributionFitFailed>) => {
        if (settled) return
        settled = true
        resume(result)
      }
      const failed = (message: string) => settle(Effect.fail(new AttributionFitFailed({ message: `the Markov/Shapley fit failed: ${message}` })))
      let worker: Worker
      try {
        worker = new Worker(workerEntry, { workerData: { inputs, settings } })
      } catch (e) {
        failed(e instanceof Error ? e.message : String(e))
        return Effect.void
      }
      worker.once("message", (fit: ChainFit) => settle(Effect.succeed(fit)))
      worker.once("error", (e) => failed(e instanceof Error ? e.message : String(e)))
      worker.once("exit", (code) => failed(`its worker thread exited with code ${code} before posting a result`))
      return Effect.promise(() => worker.terminate())
    })
