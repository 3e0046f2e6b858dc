import { Cause, Effect, Exit, Supervisor } from "effect"
import { describe, expect, it } from "vitest"
import type { ResamplingUnits } from "../../src/attribution/bootstrap.ts"
import { fitChains, type ChainInputs, type ChainSettings } from "../../src/attribution/chain-fit.ts"
import { fitInWorker } from "../../src/attribution/chain-models.ts"
import { fitTasks } from "../../src/attribution/chain-fit-task.ts"
import { encodePaths, type ChainPath } from "../../src/attribution/transition-graph.ts"
import { attributionStage } from "../../src/attribution/attribution-stage.ts"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import { WarehouseError } from "../../src/errors.ts"
import { attributionContext, combine, convertingCustomer, unitsFromRows, withFixtureWarehouse } from "./attribution-warehouse.ts"

// four distinct paths over three channels, each its own bootstrap unit (unit u holds path u)
const paths: ReadonlyArray<ChainPath> = [
  { channels: ["Email", "Display"], converted: true, count: 3 },
  { channels: ["Display"], converted: false, count: 2 },
  { channels: ["Paid Search", "Email"], converted: true, count: 1 },
  { channels: ["Paid Search"], converted: false, count: 4 }
]
const units = unitsFromRows(paths.map((p, i) => ({ unitId: i, pathId: i, paths: p.count })))
// the inputs as the warehouse would give them to the worker
const inputsOf = (paths: ReadonlyArray<ChainPath>, units: ResamplingUnits): ChainInputs => ({ paths: encodePaths(paths), units })
const settings: ChainSettings = { models: ["markov", "shapley"], markovOrder: 1, bootstrapResamples: 25, seed: 7 }

describe("the chain fit on a worker thread", () => {
  it("returns exactly what the fit returns on the main thread", async () => {
    const inWorker = await Effect.runPromise(fitInWorker(inputsOf(paths, units), settings))
    expect(inWorker).toEqual(fitChains(encodePaths(paths), units, settings))
    expect(inWorker.weights.map((w) => w.model)).toEqual(["markov", "markov", "markov", "shapley", "shapley", "shapley"])
  })

  it("returns the same to the last bit however many threads share the resamples", async () => {
    const alone = fitChains(encodePaths(paths), units, settings)
    // the intervals are there to compare, not nulls on both sides
    expect(alone.weights.every((w) => w.share_low !== null && w.share_high !== null)).toBe(true)
    for (const threads of [1, 2, 3, 7, 40]) {
      expect(await Effect.runPromise(fitInWorker(inputsOf(paths, units), settings, threads))).toEqual(alone)
    }
    // without resamples, one thread fits the paths as observed, and there are no intervals
    const none = { ...settings, bootstrapResamples: 0 }
    const point = await Effect.runPromise(fitInWorker(inputsOf(paths, units), none, 2))
    expect(point).toEqual(fitChains(encodePaths(paths), units, none))
    expect(point.weights.every((w) => w.share_low === null && w.share_high === null)).toBe(true)
  })

  it("splits the resamples into ranges that join up, the first thread also fitting the paths as observed", () => {
    expect(fitTasks(100, 2)).toEqual([{ point: true, from: 0, to: 50 }, { point: false, from: 50, to: 100 }])
    expect(fitTasks(25, 3)).toEqual([{ point: true, from: 0, to: 8 }, { point: false, from: 8, to: 16 }, { point: false, from: 16, to: 25 }])
    // never more threads than resamples, and one thread when there are none
    expect(fitTasks(2, 4)).toEqual([{ point: true, from: 0, to: 1 }, { point: false, from: 1, to: 2 }])
    expect(fitTasks(0, 4)).toEqual([{ point: true, from: 0, to: 0 }])
    // a thread count that is not a whole number ≥ 1 is the code's mistake, said so, not an empty fit
    expect(() => fitTasks(100, Number.NaN)).toThrow(/whole number of threads/)
    expect(() => fitTasks(100, 0)).toThrow(/whole number of threads/)
  })

  it("fails with AttributionFitFailed, naming the cause, when the fit throws in the worker", async () => {
    // units whose arrays are missing: the bootstrap reads offsets.length of undefined
    const broken = { offsets: undefined, pathIds: undefined, pathCounts: undefined } as unknown as ResamplingUnits
    const exit = await Effect.runPromiseExit(fitInWorker(inputsOf(paths, broken), settings))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) {
      const failure = Cause.failureOption(exit.cause)
      expect(failure._tag).toBe("Some")
      if (failure._tag === "Some") {
        expect(failure.value._tag).toBe("AttributionFitFailed")
        expect(failure.value.message).toMatch(/^the Markov\/Shapley fit failed: .*undefined/)
      }
    }
  })

  it("does not start a worker when no chain model is configured", async () => {
    // inputs a worker could not be given (a function cannot be cloned): starting one would fail
    const uncloneable = { ...inputsOf(paths, units), paths: () => 1 } as unknown as ChainInputs
    const fit = await Effect.runPromise(fitInWorker(uncloneable, { ...settings, models: [] }))
    expect(fit).toEqual({ weights: [], transitions: [] })
    const started = await Effect.runPromiseExit(fitInWorker(uncloneable, settings))
    expect(Exit.isFailure(started)).toBe(true)
  })
})

const twoCustomers = combine(convertingCustomer("u1", ["Email", "Display"], 50), convertingCustomer("u2", ["Display"], 20))

describe("the attribution stage's deferred fit", () => {
  it("is interrupted by cancel, so a run that ends early does not leave the fit computing", async () => {
    const exit = await withFixtureWarehouse(twoCustomers, (db) =>
      Effect.gen(function*() {
        const started = yield* attributionStage.run(attributionContext(db))
        const deferred = started.deferred
        if (deferred === undefined) return yield* Effect.die("the attribution stage deferred nothing")
        yield* deferred.cancel
        return yield* Effect.exit(deferred.run)
      }))
    expect(Exit.isInterrupted(exit)).toBe(true)
  })
})

describe("a failing attribution stage", () => {
  it("interrupts the fit it started before failing", async () => {
    const result = await withFixtureWarehouse(twoCustomers, (db) =>
      Effect.gen(function*() {
        // the heuristic credits, built while the fit runs, fail
        const failing: DuckdbService = {
          ...db,
          runFile: (path, params) =>
            path === "attribution/int_attribution_heuristic_credits.sql" ? Effect.fail(new WarehouseError({ message: "disk full" })) : db.runFile(path, params)
        }
        const supervisor = yield* Supervisor.track
        const exit = yield* attributionStage.run(attributionContext(failing)).pipe(Effect.supervised(supervisor), Effect.exit)
        // the supervisor holds the fibers forked under it that are still alive
        const alive = yield* supervisor.value
        return { failed: Exit.isFailure(exit), alive: alive.length }
      }))
    expect(result).toEqual({ failed: true, alive: 0 })
  })
})
