/**
 * Reads the distinct paths the SQL models aggregated (int_attribution_chain_paths,
 * int_attribution_unit_paths) and fits markov and shapley on them (chain-fit.ts) on worker
 * threads. Only aggregated paths ever reach TypeScript. Definition: docs/attribution.md.
 */
import { Effect } from "effect"
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import type { Config } from "../../schemas/config.ts"
import { profiled, type Statements } from "../duckdb/duckdb.ts"
import { AttributionFitFailed, WarehouseError } from "../errors.ts"
import { unitsFromColumns } from "./bootstrap.ts"
import { withIntervals, type ChainFit, type ChainInputs, type ChainModel, type ChainSettings } from "./chain-fit.ts"
import { fitTasks, type FitShare, type FitTask } from "./chain-fit-task.ts"

export type { ChainFit, ChainInputs, ChainSettings } from "./chain-fit.ts"

export const chainSettings = (attribution: Config["attribution"]): ChainSettings => ({
  models: attribution.models.filter((m): m is ChainModel => m === "markov" || m === "shapley"),
  markovOrder: attribution.markovOrder,
  bootstrapResamples: attribution.bootstrapResamples,
  seed: attribution.seed
})

/**
 * Reads the aggregated paths from the warehouse; a bootstrap needs the units too. Read as
 * numbers, column by column: at 10 M events that is 200 k paths of 1.6 M steps and 610 k
 * unit rows. Reading each path's channel names instead (as JSON, parsed in the worker) took
 * 1.4 s more.
 */
export const readChainInputs = (db: Statements, settings: ChainSettings): Effect.Effect<ChainInputs, WarehouseError> =>
  Effect.gen(function*() {
    const none = unitsFromColumns(new Int32Array(0), new Int32Array(0), new Float64Array(0))
    const noPaths = { channels: [], offsets: new Int32Array(1), steps: new Int32Array(0), converted: new Uint8Array(0), counts: new Float64Array(0) }
    if (settings.models.length === 0) return { paths: noPaths, units: none }
    const paths = yield* profiled("attribution fit: read paths", Effect.gen(function*() {
      const [converted = new Float64Array(0), counts = new Float64Array(0), lengths = new Float64Array(0)] = yield* db.numbers(
        "select converted, paths, coalesce(len(channel_ids), 0) from int_attribution_chain_paths order by path_id"
      )
      const [channels = []] = yield* db.columns("select channel from int_attribution_chain_channels order by channel_id")
      const [steps = new Float64Array(0)] = yield* db.numbers("select channel_id from int_attribution_chain_steps order by path_id, position")
      const offsets = shared.int32(counts.length + 1)
      lengths.forEach((length, p) => {
        offsets[p + 1] = (offsets[p] ?? 0) + length
      })
      // a step that did not become a number (a channel missing from the dictionary) would
      // shift every later path onto the wrong channels
      if (offsets[counts.length] !== steps.length) {
        return yield* new WarehouseError({
          message: `the attribution paths have ${offsets[counts.length] ?? 0} steps, but ${steps.length} were numbered (int_attribution_chain_steps)`
        })
      }
      return { channels: channels.map(String), offsets, steps: shared.int32(steps), converted: shared.uint8(converted), counts: shared.float64(counts) }
    }))
    if (settings.bootstrapResamples <= 0) return { paths, units: none }
    const [unitIds = new Float64Array(0), pathIds = new Float64Array(0), unitPathCounts = new Float64Array(0)] = yield* profiled(
      "attribution fit: read units",
      db.numbers("select unit_id, path_id, paths from int_attribution_unit_paths order by unit_id, path_id")
    )
    return { paths, units: unitsFromColumns(Int32Array.from(unitIds), shared.int32(pathIds), shared.float64(unitPathCounts)) }
  })

/**
 * Typed arrays in memory the worker threads share: handed to a worker they are not copied, so
 * the fit's inputs are held once however many threads fit them (at 30 M events tens of MB each).
 */
const shared = {
  int32: (values: ArrayLike<number> | number): Int32Array => fill(new Int32Array(new SharedArrayBuffer(4 * lengthOf(values))), values),
  uint8: (values: ArrayLike<number>): Uint8Array => fill(new Uint8Array(new SharedArrayBuffer(lengthOf(values))), values),
  float64: (values: ArrayLike<number>): Float64Array => fill(new Float64Array(new SharedArrayBuffer(8 * lengthOf(values))), values)
}
const lengthOf = (values: ArrayLike<number> | number): number => (typeof values === "number" ? values : values.length)
const fill = <A extends Int32Array | Uint8Array | Float64Array>(array: A, values: ArrayLike<number> | number): A => {
  if (typeof values !== "number") array.set(values)
  return array
}

// The build (dist/src/main.js, a bundle) runs the bundled worker beside it; run from the
// TypeScript sources, the worker thread needs the shim that loads it through tsx.
const workerEntry = new URL(import.meta.url.endsWith(".js") ? "./chain-fit-worker.js" : "./chain-fit-worker.mjs", import.meta.url)

/**
 * Fits on worker threads: the fit is seconds of JavaScript at millions of events, and on the
 * main thread it would hold up the warehouse queries that can run meanwhile (the stages after
 * attribution and the publishing of their tables), as their completions wait for the event
 * loop. The bootstrap's resamples are split over `threads` threads (the run gives the cores
 * it may use, duckdb.threads, as far as the machine has them); the result does not depend on
 * how many (chain-fit-task.ts), and a night often waits for the fit alone. The workers are
 * stopped when the fiber is interrupted or one of them fails.
 */
export const fitInWorker = (inputs: ChainInputs, settings: ChainSettings, threads = 1): Effect.Effect<ChainFit, AttributionFitFailed> =>
  settings.models.length === 0
    ? Effect.succeed({ weights: [], transitions: [] })
    : Effect.all(fitTasks(settings.bootstrapResamples, threads).map((task) => runTask(inputs, settings, task)), { concurrency: "unbounded" }).pipe(
      Effect.flatMap((shares) =>
        Effect.try({
          try: () => {
            const point = shares.find((s) => s.point !== null)?.point
            if (point === undefined || point === null) throw new Error("no thread returned the fit on the paths as observed")
            return withIntervals(point, shares.flatMap((s) => (s.resampled === null ? [] : [s.resampled])))
          },
          catch: (e) => new AttributionFitFailed({ message: `the Markov/Shapley fit failed: ${e instanceof Error ? e.message : String(e)}` })
        })
      )
    )

/** The threads a fit may use: the cores the run may use (duckdb.threads), as far as the machine has them. */
export const fitThreads = (duckdbThreads: number): number => Math.max(1, Math.min(availableParallelism(), duckdbThreads))

const runTask = (inputs: ChainInputs, settings: ChainSettings, task: FitTask): Effect.Effect<FitShare, AttributionFitFailed> =>
  Effect.async<FitShare, AttributionFitFailed>((resume) => {
    // the first of message, error and exit settles it; the others follow it (exit always does)
    let settled = false
    const settle = (result: Effect.Effect<FitShare, AttributionFitFailed>) => {
      if (settled) return
      settled = true
      resume(result)
    }
    const failed = (message: string) => settle(Effect.fail(new AttributionFitFailed({ message: `the Markov/Shapley fit failed: ${message}` })))
    let worker: Worker
    try {
      worker = new Worker(workerEntry, { workerData: { inputs, settings, task } })
    } catch (e) {
      failed(e instanceof Error ? e.message : String(e))
      return Effect.void
    }
    worker.once("message", (share: FitShare) => settle(Effect.succeed(share)))
    worker.once("error", (e) => failed(e instanceof Error ? e.message : String(e)))
    worker.once("exit", (code) => failed(`its worker thread exited with code ${code} before posting a result`))
    return Effect.promise(() => worker.terminate())
  })
