/**
 * Test harness for the KPI stage: a fresh in-memory warehouse, hand-made staging rows, one run
 * of the stage, then the caller's queries. Rows are inserted one statement each, which is fine
 * for the handful of rows a test holds.
 */
import { insertStagingRows, stageContext, type StageOptions, type StagingRow } from "../support/staging.ts"
import { Effect } from "effect"
import { Duckdb, layer, type DuckdbService } from "../../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../../src/errors.ts"
import type { StageError } from "../../src/run/stage.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { kpisStage } from "../../src/kpis/kpis-stage.ts"

export type { StagingRow } from "../support/staging.ts"

export interface Fixture {
  readonly web?: ReadonlyArray<StagingRow>
  readonly store?: ReadonlyArray<StagingRow>
  readonly survey?: ReadonlyArray<StagingRow>
  readonly support?: ReadonlyArray<StagingRow>
  readonly delivery?: ReadonlyArray<StagingRow>
  readonly review?: ReadonlyArray<StagingRow>
}

export { defaultConfig } from "../support/staging.ts"

export type RunOptions = StageOptions


export const loadFixture = (db: DuckdbService, fixture: Fixture): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* ensureWarehouse(db)
    yield* insertStagingRows(db, "events_web", fixture.web ?? [], 1)
    yield* insertStagingRows(db, "events_store", fixture.store ?? [], 2)
    yield* insertStagingRows(db, "events_survey", fixture.survey ?? [], 3)
    yield* insertStagingRows(db, "events_support", fixture.support ?? [], 4)
    yield* insertStagingRows(db, "events_delivery", fixture.delivery ?? [], 5)
    yield* insertStagingRows(db, "events_review", fixture.review ?? [], 6)
  })

export const runStage = (db: DuckdbService, options: RunOptions = {}) => kpisStage.run(stageContext(db, options))

/** Loads the fixture, runs the stage, and hands the warehouse to `query`. */
export const withKpis = <A>(
  fixture: Fixture,
  options: RunOptions,
  query: (db: DuckdbService) => Effect.Effect<A, StageError>
): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const db = yield* Duckdb
      yield* loadFixture(db, fixture)
      yield* runStage(db, options)
      return yield* query(db)
    }).pipe(Effect.provide(layer({ path: ":memory:", threads: 2, memoryLimit: "2GB" })))
  )

export type ResultRow = Readonly<Record<string, unknown>>

/** The response_times row of one date × metric × dimension × segment, or undefined. */
export const responseRow = (
  db: DuckdbService,
  key: { readonly date: string; readonly metric: string; readonly dimension?: string; readonly segment?: string }
) =>
  db.all(
    `select * from response_times
     where date = cast($date as date) and metric = $metric and dimension = $dimension and segment = $segment`,
    { date: key.date, metric: key.metric, dimension: key.dimension ?? "(all)", segment: key.segment ?? "(all)" }
  ).pipe(Effect.map((rows) => rows[0]))

export { num } from "../support/staging.ts"

let counter = 0
const nextId = (prefix: string) => `${prefix}-${++counter}`

export const ticketEvent = (ticketId: string, eventType: string, occurredAt: string, extra: StagingRow = {}): StagingRow => ({
  event_id: nextId("s"),
  occurred_at: occurredAt,
  ticket_id: ticketId,
  event_type: eventType,
  channel: "email",
  ...extra
})

export const deliveryEvent = (orderId: string, eventType: string, occurredAt: string, extra: StagingRow = {}): StagingRow => ({
  event_id: nextId("d"),
  occurred_at: occurredAt,
  order_id: orderId,
  event_type: eventType,
  ...extra
})

export const reviewEvent = (occurredAt: string, platform: string, repliedAt: string | null): StagingRow => ({
  event_id: nextId("r"),
  occurred_at: occurredAt,
  platform,
  rating: 4,
  replied_at: repliedAt
})

export const surveyResponse = (occurredAt: string, surveyType: string, score: number, touchpoint: string | null): StagingRow => ({
  event_id: nextId("v"),
  occurred_at: occurredAt,
  survey_type: surveyType,
  score,
  touchpoint
})

/** A web page view: sets the as-of instant when it is the latest event. */
export const pageView = (occurredAt: string): StagingRow => ({
  event_id: nextId("w"),
  occurred_at: occurredAt,
  anonymous_id: "a1",
  event_type: "page_view"
})
