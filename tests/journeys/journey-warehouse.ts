/**
 * Test harness for the identity and journeys stages: a fresh in-memory warehouse, hand-made
 * staging rows (e-mail and phone columns hold whatever "hash" the test chooses), one run of
 * both stages, then the caller's queries. Rows go in one statement each, which is fine for the
 * handful a test holds.
 */
import { Effect, Schema } from "effect"
import { Config } from "../../schemas/config.ts"
import { Duckdb, layer, type DuckdbService } from "../../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../../src/errors.ts"
import { identityStage } from "../../src/identity/identity-stage.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { journeysStage } from "../../src/journeys/journeys-stage.ts"
import { insertStagingRows, stageContext, type StagingRow } from "../support/staging.ts"

export type { StagingRow } from "../support/staging.ts"
export type ResultRow = Readonly<Record<string, unknown>>

export interface Fixture {
  readonly web?: ReadonlyArray<StagingRow>
  readonly store?: ReadonlyArray<StagingRow>
  readonly survey?: ReadonlyArray<StagingRow>
  readonly support?: ReadonlyArray<StagingRow>
  readonly delivery?: ReadonlyArray<StagingRow>
}

/** The default configuration with some keys replaced, e.g. { identity: { maxLinksPerType: 2 } }. */
export const configWith = (overrides: Record<string, unknown> = {}): Config => Schema.decodeUnknownSync(Config)(overrides)

export const loadFixture = (db: DuckdbService, fixture: Fixture): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* ensureWarehouse(db)
    yield* insertStagingRows(db, "events_web", fixture.web ?? [], 1)
    yield* insertStagingRows(db, "events_store", fixture.store ?? [], 2)
    yield* insertStagingRows(db, "events_survey", fixture.survey ?? [], 3)
    yield* insertStagingRows(db, "events_support", fixture.support ?? [], 4)
    yield* insertStagingRows(db, "events_delivery", fixture.delivery ?? [], 5)
  })

export const runStages = (db: DuckdbService, config: Config) =>
  Effect.gen(function*() {
    const ctx = stageContext(db, { config })
    const identity = yield* identityStage.run(ctx)
    const journeys = yield* journeysStage.run(ctx)
    return { identity: identity.rows, journeys: journeys.rows }
  })

export const inMemory = layer({ path: ":memory:", threads: 2, memoryLimit: "2GB" })

/** Loads the fixture, runs `before` (e.g. writing the block list), both stages, then `query`. */
export const withJourneys = <A>(
  fixture: Fixture,
  query: (db: DuckdbService) => Effect.Effect<A, WarehouseError>,
  options: { readonly config?: Config; readonly before?: (db: DuckdbService) => Effect.Effect<void, WarehouseError> } = {}
): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const db = yield* Duckdb
      yield* loadFixture(db, fixture)
      if (options.before !== undefined) yield* options.before(db)
      yield* runStages(db, options.config ?? configWith())
      return yield* query(db)
    }).pipe(Effect.provide(inMemory))
  )

export const web = (
  eventId: string,
  anonymousId: string,
  occurredAt: string,
  eventType = "page_view",
  extra: StagingRow = {}
): StagingRow => ({ event_id: eventId, anonymous_id: anonymousId, occurred_at: occurredAt, event_type: eventType, ...extra })

export const webPurchase = (eventId: string, anonymousId: string, occurredAt: string, revenue: string, extra: StagingRow = {}): StagingRow =>
  web(eventId, anonymousId, occurredAt, "purchase", { order_id: `o-${eventId}`, revenue, ...extra })

export const store = (eventId: string, occurredAt: string, eventType: "visit" | "purchase", extra: StagingRow = {}): StagingRow => ({
  event_id: eventId,
  occurred_at: occurredAt,
  store_id: "S01",
  event_type: eventType,
  ...(eventType === "purchase" ? { order_id: `o-${eventId}`, revenue: "50.00" } : {}),
  ...extra
})

export const ticket = (eventId: string, ticketId: string, occurredAt: string, eventType: string, extra: StagingRow = {}): StagingRow => ({
  event_id: eventId,
  occurred_at: occurredAt,
  ticket_id: ticketId,
  event_type: eventType,
  channel: "chat",
  ...extra
})

export const survey = (eventId: string, occurredAt: string, score: number, extra: StagingRow = {}): StagingRow => ({
  event_id: eventId,
  occurred_at: occurredAt,
  survey_type: "nps",
  score,
  ...extra
})

export { num } from "../support/staging.ts"
