/**
 * The attribution stage: the window's converting and non-converting paths (after the
 * configured path transform), heuristic credits in SQL, the Markov and Shapley models fitted
 * in TypeScript on distinct paths, and the tables attribution_credits, attribution,
 * attribution_models and markov_transitions, in one transaction so a failed run leaves the
 * previous tables. Reads touchpoints, conversions and journey_touchpoints (journeys stage).
 * The int_attribution_* tables are temporary: only this stage reads them.
 * Definitions: docs/attribution.md.
 */
import { Effect } from "effect"
import type { ModelStage, StageContext } from "../../pipelines/stage.ts"
import type { Statements } from "../duckdb/duckdb.ts"
import { chainSettings, fitChainModels } from "./chain-models.ts"

export { attributionOutputs, type AttributionOutputWindow } from "./attribution-outputs.ts"

export const attributionMarts = ["attribution_credits", "attribution", "attribution_models", "markov_transitions"] as const

const buildPaths = (tx: Statements, ctx: StageContext) =>
  Effect.gen(function*() {
    const { attribution, timezone } = ctx.config
    yield* tx.runFile("attribution/int_attribution_paths.sql", {
      timezone,
      since: ctx.since,
      until: ctx.until,
      path_transform: attribution.pathTransform,
      max_path_length: attribution.maxPathLength
    })
    yield* tx.runFile("attribution/int_attribution_path_steps.sql")
    yield* tx.runFile("attribution/int_attribution_chain_paths.sql")
    yield* tx.runFile("attribution/int_attribution_unit_paths.sql")
  })

const buildMarts = (tx: Statements, ctx: StageContext) =>
  Effect.gen(function*() {
    const { attribution } = ctx.config
    const fit = yield* fitChainModels(tx, chainSettings(attribution))
    yield* tx.runFile("attribution/int_attribution_channel_weights.sql", { weights: JSON.stringify(fit.weights) })
    yield* tx.runFile("attribution/markov_transitions.sql", { transitions: JSON.stringify(fit.transitions) })
    yield* tx.runFile("attribution/attribution_credits.sql", {
      models: JSON.stringify(attribution.models),
      position_first: attribution.positionBased.first,
      position_last: attribution.positionBased.last,
      half_life_days: attribution.timeDecayHalfLifeDays
    })
    yield* tx.runFile("attribution/attribution.sql")
    yield* tx.runFile("attribution/attribution_models.sql")
  })

const martRowsSql = attributionMarts.map((t) => `select count(*) as n from ${t}`).join("\nunion all\n")

export const attributionStage: ModelStage = {
  name: "attribution",
  run: Effect.fn("stage.attribution")(function*(ctx: StageContext) {
    yield* ctx.db.transaction((tx) =>
      Effect.gen(function*() {
        yield* buildPaths(tx, ctx)
        yield* buildMarts(tx, ctx)
      })
    )
    const counts = yield* ctx.db.all(martRowsSql)
    return { rows: counts.reduce((sum, r) => sum + Number(r["n"]), 0) }
  })
}
