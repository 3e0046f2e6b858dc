/**
 * The journeys stage: sessions and channels, touchpoints with micro-moments and journey
 * phases, conversions, each conversion's journey, the non-converting paths and the customers
 * mart, from the staging tables and the identity stage's tables, rebuilt from all staged events
 * on every run. Definitions: docs/journeys.md.
 */
import { Effect } from "effect"
import type { ModelStage, StageContext } from "../../pipelines/stage.ts"
import type { Params } from "../duckdb/duckdb.ts"
import { configChannelRules, seedFiles } from "./journey-seeds.ts"

export { journeyOutputs, type JourneyOutputWindow } from "./journey-outputs.ts"

const microsPerMinute = 60_000_000
const microsPerDay = 86_400_000_000

interface Model {
  readonly file: string
  readonly params: Params
}

/** The models in dependency order, each with exactly the parameters its statement uses. */
const models = (ctx: StageContext): ReadonlyArray<Model> => {
  const { journeys, timezone, currency, channelRules } = ctx.config
  return [
    { file: "journeys/channel_rules.sql", params: { rules_file: seedFiles.channelRules, config_rules: configChannelRules(channelRules) } },
    { file: "journeys/source_categories.sql", params: { categories_file: seedFiles.sourceCategories } },
    { file: "journeys/micro_moments.sql", params: { moments_file: seedFiles.microMoments } },
    { file: "journeys/micro_moment_rules.sql", params: { rules_file: seedFiles.microMomentRules } },
    {
      file: "journeys/int_web_event_sessions.sql",
      params: { session_timeout_us: Math.round(journeys.sessionTimeoutMinutes * microsPerMinute) }
    },
    { file: "journeys/int_web_sessions.sql", params: { timezone } },
    { file: "journeys/int_traffic_channels.sql", params: {} },
    { file: "journeys/int_touchpoints.sql", params: { timezone } },
    { file: "journeys/conversions.sql", params: { timezone, currency } },
    { file: "journeys/journey_touchpoints.sql", params: { lookback_us: Math.round(journeys.lookbackDays * microsPerDay) } },
    { file: "journeys/journeys.sql", params: {} },
    { file: "journeys/paths.sql", params: { timezone } },
    { file: "journeys/touchpoints.sql", params: {} },
    { file: "journeys/customers.sql", params: {} }
  ]
}

export const journeyMarts = ["customers", "touchpoints", "conversions", "journeys", "paths"] as const

const martRowsSql = journeyMarts.map((t) => `select count(*) as n from ${t}`).join("\nunion all\n")

export const journeysStage: ModelStage = {
  name: "journeys",
  run: Effect.fn("stage.journeys")(function*(ctx: StageContext) {
    // Each model commits on its own: DuckDB reads tables created earlier in the same open
    // transaction far more slowly (measured: touchpoints.sql 0.6 s alone, 13.6 s inside one
    // transaction at 1 M events). A failed run stops before publishing, and the next run
    // rebuilds every model, so a half-rebuilt layer never reaches the outputs.
    yield* Effect.forEach(models(ctx), (m) => ctx.db.runFile(m.file, m.params), { discard: true })
    const counts = yield* ctx.db.all(martRowsSql)
    return { rows: counts.reduce((sum, r) => sum + Number(r["n"]), 0) }
  })
}
