/**
 * Test harness for the attribution stage: an in-memory warehouse holding the journeys stage's
 * tables (touchpoints, conversions, journey_touchpoints, with the columns the attribution
 * stage reads) filled with hand-made rows, one run of the stage, then the caller's queries.
 */
import { Effect } from "effect"
import type { Config } from "../../schemas/config.ts"
import { runToEnd, type StageContext } from "../../src/run/stage.ts"
import { attributionStage } from "../../src/attribution/attribution-stage.ts"
import { unitsFromColumns, type ResamplingUnits } from "../../src/attribution/bootstrap.ts"
import { Duckdb, layer, type DuckdbService } from "../../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../../src/errors.ts"
import { defaultConfig, stageContext, type StageOptions } from "../support/staging.ts"

export { defaultConfig }

/** The default config with some attribution settings replaced. */
export const withAttribution = (settings: Partial<Config["attribution"]>): Config => ({
  ...defaultConfig,
  attribution: { ...defaultConfig.attribution, ...settings }
})

export interface Touch {
  readonly id: string
  readonly customer: string | null
  readonly at: string
  readonly channel: string
}

export interface Purchase {
  readonly id: string
  readonly customer: string | null
  readonly at: string
  readonly revenue: number
  /** The journey's touchpoint ids in position order. */
  readonly journey: ReadonlyArray<string>
}

export interface Fixture {
  readonly touches: ReadonlyArray<Touch>
  readonly purchases: ReadonlyArray<Purchase>
}

export type RunOptions = StageOptions

const journeyTables = [
  `create table touchpoints (touchpoint_id varchar, customer_key varchar, started_at timestamptz, source varchar,
    channel varchar, campaign varchar, touchpoint_type varchar, micro_moment varchar)`,
  `create table conversions (conversion_id varchar, customer_key varchar, converted_at timestamptz, converted_date date, source varchar,
    order_id varchar, revenue decimal(18, 4), currency varchar, touchpoint_id varchar)`,
  `create table journey_touchpoints (conversion_id varchar, touchpoint_id varchar, position integer, started_at timestamptz,
    source varchar, channel varchar)`
]

export const loadFixture = (db: DuckdbService, fixture: Fixture): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    for (const sql of journeyTables) yield* db.run(sql)
    yield* Effect.forEach(fixture.touches, (t) =>
      db.run(
        `insert into touchpoints values ($id, $customer, $at::timestamptz, 'web', $channel, null, 'web_session', null)`,
        { id: t.id, customer: t.customer, at: t.at, channel: t.channel }
      ), { discard: true })
    yield* Effect.forEach(fixture.purchases, (p) =>
      Effect.gen(function*() {
        yield* db.run(
          `insert into conversions values ($id, $customer, $at::timestamptz, cast(timezone('Europe/Berlin', $at::timestamptz) as date), 'web', $id,
  cast($revenue as decimal(18, 4)), 'EUR', $touchpoint)`,
          { id: p.id, customer: p.customer, at: p.at, revenue: p.revenue, touchpoint: p.journey.at(-1) ?? null }
        )
        yield* Effect.forEach(p.journey, (touchpoint, i) =>
          db.run(
            `insert into journey_touchpoints
select $id, touchpoint_id, $position, started_at, source, channel from touchpoints where touchpoint_id = $touchpoint`,
            { id: p.id, touchpoint, position: i + 1 }
          ), { discard: true })
      }), { discard: true })
    // the journeys and the non-converting paths as the journeys stage makes them (its own
    // models over these tables)
    yield* db.runFile("journeys/path_key.sql")
    yield* db.run("create view int_touchpoints as select * from touchpoints")
    yield* db.runFile("journeys/journeys.sql")
    yield* db.runFile("journeys/paths.sql", { timezone: "Europe/Berlin" })
  })

/** The stage's context on `db`: a full build with the default config unless `options` say otherwise. */
export const attributionContext = (db: DuckdbService, options: RunOptions = {}): StageContext => stageContext(db, options)

/** An in-memory warehouse holding the fixture, handed to `body`. */
export const withFixtureWarehouse = <A, E>(fixture: Fixture, body: (db: DuckdbService) => Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const db = yield* Duckdb
      yield* loadFixture(db, fixture)
      return yield* body(db)
    }).pipe(Effect.provide(layer({ path: ":memory:", threads: 2, memoryLimit: "2GB" })))
  )

/** Loads the fixture, runs the stage, and hands the warehouse to `query`. */
export const withAttributionRun = <A>(
  fixture: Fixture,
  options: RunOptions,
  query: (db: DuckdbService) => Effect.Effect<A, WarehouseError>
): Promise<A> =>
  withFixtureWarehouse(fixture, (db) => runToEnd(attributionStage, attributionContext(db, options)).pipe(Effect.flatMap(() => query(db))))

/** Channel → value of `column` in attribution_models for one model. */
export const modelColumn = (model: string, column: "conversions" | "revenue" | "share" | "removal_effect" | "share_low" | "share_high" | "share_std_error") =>
  (db: DuckdbService) =>
    db.all(`select channel, ${column} as value from attribution_models where model = $model order by channel`, { model }).pipe(
      Effect.map((rows) => Object.fromEntries(rows.map((r) => [String(r["channel"]), r["value"] === null ? null : Number(r["value"])])))
    )

export const attributionModels = [
  "first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay", "markov", "shapley"
] as const
export type AttributionModel = (typeof attributionModels)[number]

/** touchpoint_id → the model's credit in attribution_credits for one conversion (touchpoints with credit > 0). */
export const credits = (conversionId: string, model: AttributionModel) => (db: DuckdbService) =>
  db.all(
    `select touchpoint_id, ${model}_credit as credit from attribution_credits
     where conversion_id = $conversion and ${model}_credit > 0 order by position`,
    { conversion: conversionId }
  ).pipe(Effect.map((rows) => Object.fromEntries(rows.map((r) => [String(r["touchpoint_id"]), Number(r["credit"])]))))

/** A customer's touchpoints, one a day from `firstDay` (2026-03-DD at 10:00 UTC), ids `<customer>-<n>`. */
export const dailyTouches = (customer: string, channels: ReadonlyArray<string>, firstDay = 1): ReadonlyArray<Touch> =>
  channels.map((channel, i) => ({
    id: `${customer}-${i + 1}`,
    customer,
    at: `2026-03-${String(firstDay + i).padStart(2, "0")}T10:00:00Z`,
    channel
  }))

/**
 * A customer whose touchpoints all form one conversion's journey; the purchase happens an
 * hour after the last touchpoint starts.
 */
export const convertingCustomer = (customer: string, channels: ReadonlyArray<string>, revenue = 100, firstDay = 1): Fixture => {
  const touches = dailyTouches(customer, channels, firstDay)
  const last = touches[touches.length - 1]
  return {
    touches,
    purchases: [{
      id: `${customer}-order`,
      customer,
      at: (last?.at ?? "2026-03-01T10:00:00Z").replace("T10:", "T11:"),
      revenue,
      journey: touches.map((t) => t.id)
    }]
  }
}

/** A customer with touchpoints and no conversion: one non-converting path. */
export const browsingCustomer = (customer: string, channels: ReadonlyArray<string>, firstDay = 1): Fixture => ({
  touches: dailyTouches(customer, channels, firstDay),
  purchases: []
})

export const combine = (...fixtures: ReadonlyArray<Fixture>): Fixture => ({
  touches: fixtures.flatMap((f) => f.touches),
  purchases: fixtures.flatMap((f) => f.purchases)
})

/** Bootstrap units from rows of (unit_id, path_id, paths) ordered by unit_id, unit ids 0..n−1. */
export const unitsFromRows = (rows: ReadonlyArray<{ readonly unitId: number; readonly pathId: number; readonly paths: number }>): ResamplingUnits =>
  unitsFromColumns(
    Int32Array.from(rows, (r) => r.unitId),
    Int32Array.from(rows, (r) => r.pathId),
    Float64Array.from(rows, (r) => r.paths)
  )
