/**
 * The attribution stage: the window's converting and non-converting paths (after the
 * configured path transform), heuristic credits in SQL, the Markov and Shapley models fitted
 * in TypeScript on distinct paths, and the tables attribution_credits, attribution,
 * attribution_models and markov_transitions. Reads journeys, paths, conversions and
 * journey_touchpoints (journeys stage). Paths and heuristic credits are kept in the warehouse so
 * an incremental run rebuilds them only for the conversions and customers the journeys stage
 * rebuilt; the fit and the per-channel credits are redone every run (the shares are window-wide).
 * Definitions: docs/attribution.md.
 */
import { Effect, Exit, Fiber } from "effect"
import { martRows, type ModelStage, type StageContext } from "../run/stage.ts"
import { profiled, type Params, type Statements } from "../duckdb/duckdb.ts"
import { mergeIncremental, type IncrementalTable } from "../duckdb/incremental.ts"
import { rebuildSlice, withTemporaryTables } from "../duckdb/models.ts"
import { chainSettings, fitInWorker, fitThreads, readChainInputs, type ChainFit } from "./chain-models.ts"

export { attributionOutputs, type AttributionOutputWindow } from "./attribution-outputs.ts"

export const attributionMarts = ["attribution_credits", "attribution", "attribution_models", "markov_transitions"] as const

const pathParams = (ctx: StageContext): Params => ({
  timezone: ctx.config.timezone,
  since: ctx.since,
  until: ctx.until,
  path_transform: ctx.config.attribution.pathTransform,
  max_path_length: ctx.config.attribution.maxPathLength
})

const heuristicParams = (ctx: StageContext): Params => ({
  models: JSON.stringify(ctx.config.attribution.models),
  position_first: ctx.config.attribution.positionBased.first,
  position_last: ctx.config.attribution.positionBased.last,
  half_life_days: ctx.config.attribution.timeDecayHalfLifeDays
})

// The conversions and customers whose attribution paths can have changed on an incremental run
// (delta_attribution_*, from the journeys merge).
const rebuiltConversions = "(select conversion_id from delta_attribution_conversions)"

/** What an incremental run reads from the journeys stage. */
export const attributionHandOver = {
  consumes: ["delta_attribution_conversions", "delta_attribution_customers"],
  produces: []
} as const

/** The tables an incremental run updates in place (src/duckdb/incremental.ts). */
export const attributionTables = {
  paths: { table: "int_attribution_paths", key: ["path_key"], scope: { keys: "delta_attribution_path_keys" }, write: "changed" },
  heuristicCredits: {
    table: "int_attribution_heuristic_credits", key: ["conversion_id", "position"], scope: { keys: "delta_attribution_conversions", on: ["conversion_id"] },
    write: "changed"
  },
  // a few rows per conversion: replaced without comparing
  pathChannels: {
    table: "int_attribution_path_channels", key: ["conversion_id", "channel"], scope: { keys: "delta_attribution_conversions", on: ["conversion_id"] },
    write: "replace"
  }
} as const satisfies Record<string, IncrementalTable>

const buildPaths = (tx: Statements, ctx: StageContext) =>
  Effect.gen(function*() {
    if (ctx.refresh.mode === "full") {
      yield* tx.runFile("attribution/int_attribution_paths.sql", pathParams(ctx))
      yield* tx.runFile("attribution/int_attribution_path_steps.sql")
    } else {
      // the slices, rebuilt rows and keys end here; the chain paths below live on to the fit
      yield* withTemporaryTables(tx, [], Effect.gen(function*() {
        yield* rebuildSlice(tx, {
          shadows: [
            // the rebuilt conversions' journeys and the rebuilt customers' non-converting paths
            { table: "journeys", where: `t.conversion_id in ${rebuiltConversions}`, columns: ["conversion_id", "path"] },
            { table: "conversions", where: `t.conversion_id in ${rebuiltConversions}` },
            {
              table: "paths",
              where: "not t.converted and t.customer_key in (select customer_key from delta_attribution_customers)",
              columns: ["customer_key", "converted", "path", "ended_date"]
            }
          ],
          models: [{ file: "attribution/int_attribution_paths.sql", params: pathParams(ctx) }],
          results: ["int_attribution_paths"]
        })
        yield* tx.runFile("attribution/delta/delta_attribution_path_keys.sql")
        yield* mergeIncremental(tx, attributionTables.paths)
      }))
    }
    yield* tx.runFile("attribution/int_attribution_chain_channels.sql")
    yield* tx.runFile("attribution/int_attribution_unit_chain_paths.sql")
    yield* tx.runFile("attribution/int_attribution_chain_paths.sql")
    yield* tx.runFile("attribution/int_attribution_chain_steps.sql")
    yield* tx.runFile("attribution/int_attribution_unit_paths.sql")
  })

const buildHeuristicCredits = (tx: Statements, ctx: StageContext) =>
  Effect.gen(function*() {
    if (ctx.refresh.mode === "full") {
      yield* tx.runFile("attribution/int_attribution_heuristic_credits.sql", heuristicParams(ctx))
      yield* tx.runFile("attribution/int_attribution_path_channels.sql")
      return
    }
    yield* withTemporaryTables(tx, [], Effect.gen(function*() {
      // the steps of the rebuilt conversions only: the credits are all that reads them
      yield* rebuildSlice(tx, {
        shadows: [
          {
            table: "int_attribution_paths",
            where: `t.converted and t.conversion_id in ${rebuiltConversions}`,
            columns: ["path_key", "conversion_id", "converted", "converted_at", "converted_date", "revenue", "path_length", "steps"]
          },
          {
            table: "journey_touchpoints",
            where: `t.conversion_id in ${rebuiltConversions}`,
            columns: ["conversion_id", "position", "touchpoint_id", "started_at"]
          }
        ],
        models: [
          { file: "attribution/int_attribution_path_steps.sql", params: {} },
          { file: "attribution/int_attribution_heuristic_credits.sql", params: heuristicParams(ctx) }
        ],
        results: ["int_attribution_heuristic_credits"]
      })
      yield* mergeIncremental(tx, attributionTables.heuristicCredits)
      // the per-channel sums, kept so the run's chain credits need not add up every step again
      yield* rebuildSlice(tx, {
        shadows: [{
          table: "int_attribution_heuristic_credits",
          where: `t.conversion_id in ${rebuiltConversions}`,
          columns: [
            "conversion_id", "channel", "converted_date", "revenue", "first_touch", "last_touch", "last_non_direct", "linear",
            "position_based", "time_decay"
          ]
        }],
        models: [{ file: "attribution/int_attribution_path_channels.sql", params: {} }],
        results: ["int_attribution_path_channels"]
      })
      yield* mergeIncremental(tx, attributionTables.pathChannels)
    }))
  })

/** The tables that need the fit's shares, built once it is done. */
const buildChainMarts = (tx: Statements, fit: ChainFit) =>
  Effect.gen(function*() {
    yield* tx.runFile("attribution/int_attribution_channel_weights.sql", { weights: JSON.stringify(fit.weights) })
    yield* tx.runFile("attribution/markov_transitions.sql", { transitions: JSON.stringify(fit.transitions) })
    yield* tx.runFile("attribution/int_attribution_channel_credits.sql")
    yield* tx.runFile("attribution/attribution_credits.sql")
    yield* tx.runFile("attribution/int_attribution_model_credits.sql")
    yield* tx.runFile("attribution/attribution.sql")
    yield* tx.runFile("attribution/attribution_models.sql")
  })

export const attributionStage: ModelStage = {
  name: "attribution",
  handOver: attributionHandOver,
  run: Effect.fnUntraced(function*(ctx: StageContext) {
    // Each model commits on its own, as in the journeys stage: a run that fails before its
    // build is recorded makes the next run a full one, so nothing half-built is ever updated.
    yield* buildPaths(ctx.db, ctx)
    // The fit runs on worker threads while this stage builds the heuristic credits and the
    // later stages run; the tables that need its shares are built when publishing needs them.
    const settings = chainSettings(ctx.config.attribution)
    const inputs = yield* readChainInputs(ctx.db, settings)
    const fitting = yield* Effect.fork(profiled("attribution fit (worker threads)", fitInWorker(inputs, settings, fitThreads(ctx.config.duckdb.threads))))
    const cancel = Fiber.interrupt(fitting).pipe(Effect.asVoid)
    // until the deferred work is handed over, a failure here must stop the fit itself
    const built = yield* Effect.gen(function*() {
      yield* buildHeuristicCredits(ctx.db, ctx)
      return yield* martRows(ctx.db, ["int_attribution_paths", "int_attribution_heuristic_credits"])
    }).pipe(Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : cancel)))
    return {
      ...built,
      deferred: {
        name: "attribution_chain",
        // the published tables are the marts of the same names
        tables: attributionMarts,
        run: Effect.gen(function*() {
          const fit = yield* Fiber.join(fitting)
          yield* buildChainMarts(ctx.db, fit)
          return yield* martRows(ctx.db, attributionMarts)
        }),
        cancel
      }
    }
  })
}
