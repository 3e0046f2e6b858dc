/**
 * The journeys stage: sessions and channels, touchpoints with micro-moments and journey
 * phases, conversions, each conversion's journey, the non-converting paths and the customers
 * mart, from the staging tables and the identity stage's tables: rebuilt from all staged events,
 * or, incrementally, for the devices, tickets and customers new events touch.
 * Definitions: docs/journeys.md.
 */
import { Effect } from "effect"
import { martRows, type ModelStage, type StageContext } from "../run/stage.ts"
import type { Params } from "../duckdb/duckdb.ts"
import { mergeIncremental, type IncrementalTable } from "../duckdb/incremental.ts"
import { rebuildSlice, withTemporaryTables } from "../duckdb/models.ts"
import { configChannelRules, seedFiles } from "./journey-seeds.ts"

export { journeyOutputs, type JourneyOutputWindow } from "./journey-outputs.ts"

const microsPerMinute = 60_000_000
const microsPerDay = 86_400_000_000

interface Model {
  readonly file: string
  readonly params: Params
}

const sessionTimeoutUs = (ctx: StageContext): number => Math.round(ctx.config.journeys.sessionTimeoutMinutes * microsPerMinute)

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
      params: { session_timeout_us: sessionTimeoutUs(ctx) }
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


const seedModels = 4
const entityModels = ["int_web_event_sessions", "int_web_sessions", "int_traffic_channels", "int_touchpoints", "conversions"]
const customerModels = ["journey_touchpoints", "journeys", "paths", "touchpoints", "customers"]
const fileOf = (all: ReadonlyArray<Model>, table: string): Model => {
  const m = all.find((x) => x.file === `journeys/${table}.sql`)
  if (m === undefined) throw new Error(`no journeys model ${table}`)
  return m
}

/**
 * The tables an incremental run updates in place, in merge order (src/duckdb/incremental.ts):
 * first those of the devices, store events and tickets with changed events (their scopes from
 * journeys/delta/delta_journey_entity_scope.sql), then those of the customers and conversions
 * these touch (journeys/delta/delta_journey_customers.sql, delta_journey_customer_scope.sql).
 */
export const entityTables: ReadonlyArray<IncrementalTable> = [
  // (the rebuilt event → session rows have no kept table: int_web_event_sessions.sql)
  { table: "int_web_sessions", key: ["touchpoint_id"], scope: { keys: "delta_sliced_web_session_ids" }, write: "changed" },
  // a lookup of distinct traffic; a combination no session uses any more is harmless
  { table: "int_traffic_channels", key: ["utm_source_key", "utm_medium_key", "utm_campaign_key", "referrer_host_key"], write: "add" },
  { table: "int_touchpoints", key: ["touchpoint_id"], scope: { keys: "delta_removed_touchpoints" }, write: "changed" },
  { table: "conversions", key: ["conversion_id"], scope: { keys: "delta_removed_conversions" }, write: "replace" }
]

export const customerTables: ReadonlyArray<IncrementalTable> = [
  {
    table: "journey_touchpoints", key: ["conversion_id", "position"], scope: { keys: "delta_journey_conversions", on: ["conversion_id"] }, write: "changed",
    changed: { name: "delta_changed_journey_touchpoints", columns: ["conversion_id", "touchpoint_id"] }
  },
  { table: "journeys", key: ["conversion_id"], scope: { keys: "delta_journey_conversions" }, write: "changed" },
  { table: "paths", key: [{ macro: "path_key", columns: ["conversion_id", "customer_key"] }], scope: { keys: "delta_rebuilt_path_keys", as: ["path_key"] }, write: "changed" },
  {
    table: "touchpoints", key: ["touchpoint_id"], scope: { keys: "delta_rebuilt_touchpoint_ids" }, write: "changed",
    changed: { name: "delta_changed_touchpoints", columns: ["touchpoint_id", "customer_key"] }
  },
  { table: "customers", key: ["customer_key"], scope: { keys: "delta_journey_customers" }, write: "changed" }
]

/** What an incremental run reads from the identity stage and leaves for the attribution stage. */
export const journeysHandOver = {
  consumes: ["delta_files", "delta_identity_customers", "delta_identity_changed_events"],
  produces: ["delta_attribution_conversions", "delta_attribution_customers"]
} as const

/**
 * The same models over the devices, store events and tickets with changed events, then over
 * the customers and conversions those touch; merged into the warehouse tables in place.
 * Definition: docs/journeys.md ("Incremental refresh").
 */
const incrementalBuild = (ctx: StageContext, all: ReadonlyArray<Model>) =>
  Effect.gen(function*() {
    const db = ctx.db
    yield* Effect.forEach(all.slice(0, seedModels), (m) => db.runFile(m.file, m.params), { discard: true })
    yield* db.runFile("journeys/delta/delta_journey_entities.sql", { session_timeout_us: sessionTimeoutUs(ctx) })
    yield* rebuildSlice(db, {
      shadows: [
        {
          table: "events_web",
          // each device's events from its slice's start on
          matching: { relation: "delta_journey_devices", on: "k.anonymous_id = t.anonymous_id and t.occurred_at >= k.slice_start" },
          // the columns the entity models read (not the identifiers or the load columns): a third
          // less to copy
          columns: [
            "event_id", "occurred_at", "anonymous_id", "event_type", "page_url", "referrer", "utm_source", "utm_medium", "utm_campaign",
            "device_type", "order_id", "revenue", "currency"
          ]
        },
        { table: "events_store", where: "t.event_id in (select event_id from delta_journey_store_events)" },
        { table: "events_support", where: "t.ticket_id in (select ticket_id from delta_journey_tickets)" }
      ],
      models: entityModels.map((t) => fileOf(all, t)),
      results: entityModels
    })
    yield* db.runFile("journeys/delta/delta_journey_entity_scope.sql")
    yield* Effect.forEach(entityTables, (t) => mergeIncremental(db, t), { discard: true })
    yield* db.runFile("journeys/delta/delta_journey_customers.sql")
    yield* rebuildSlice(db, {
      shadows: [
        { table: "conversions", where: "t.conversion_id in (select conversion_id from delta_journey_conversions)" },
        {
          table: "int_touchpoints",
          where: "t.customer_key in (select customer_key from delta_journey_customers) or t.touchpoint_id in (select touchpoint_id from delta_int_touchpoints)"
        },
        { table: "identity_map", where: "t.customer_key in (select customer_key from delta_journey_customers)" }
      ],
      models: customerModels.map((t) => fileOf(all, t)),
      results: customerModels
    })
    yield* db.runFile("journeys/delta/delta_journey_customer_scope.sql")
    yield* Effect.forEach(customerTables, (t) => mergeIncremental(db, t), { discard: true })
    yield* db.runFile("journeys/delta/delta_attribution_scope.sql")
  })

export const journeysStage: ModelStage = {
  name: "journeys",
  handOver: journeysHandOver,
  run: Effect.fnUntraced(function*(ctx: StageContext) {
    // Each model commits on its own: DuckDB reads tables created earlier in the same open
    // transaction far more slowly (measured: touchpoints.sql 0.6 s alone, 13.6 s inside one
    // transaction at 1 M events). A failed run stops before its build is recorded, and the
    // next run rebuilds every model, so a half-rebuilt layer never reaches the outputs.
    const all = models(ctx)
    yield* ctx.db.runFile("journeys/path_key.sql")
    // the temporary tables the models and merges make (int_web_event_sessions, delta_*) end with the stage
    yield* withTemporaryTables(ctx.db, journeysHandOver.produces, ctx.refresh.mode === "full"
      ? Effect.forEach(all, (m) => ctx.db.runFile(m.file, m.params), { discard: true })
      : incrementalBuild(ctx, all))
    return yield* martRows(ctx.db, journeyMarts)
  })
}
