/**
 * Test harness for the reputation stage: a fresh in-memory warehouse, hand-made review and
 * survey rows, runs of the stage, then the caller's queries. Rows are inserted one statement
 * each, which is fine for the handful of rows a test holds.
 */
import { insertStagingRows, stageContext, type StageOptions, type StagingRow } from "../support/staging.ts"
import { Effect } from "effect"
import { Duckdb, layer, type DuckdbService } from "../../src/duckdb/duckdb.ts"
import type { WarehouseError } from "../../src/errors.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { reputationStage } from "../../src/reputation/reputation-stage.ts"

export type { StagingRow } from "../support/staging.ts"

export { defaultConfig } from "../support/staging.ts"


export interface Fixture {
  readonly review?: ReadonlyArray<StagingRow>
  readonly survey?: ReadonlyArray<StagingRow>
}

export const loadFixture = (db: DuckdbService, fixture: Fixture): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* ensureWarehouse(db)
    yield* insertStagingRows(db, "events_review", fixture.review ?? [], 6)
    yield* insertStagingRows(db, "events_survey", fixture.survey ?? [], 3)
  })

export type RunOptions = StageOptions

export const runStage = (db: DuckdbService, options: RunOptions = {}) =>
  reputationStage.run(stageContext(db, { ...options, fullRefresh: options.fullRefresh ?? false }))

export const inWarehouse = <A, E>(body: (db: DuckdbService) => Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const db = yield* Duckdb
      return yield* body(db)
    }).pipe(Effect.provide(layer({ path: ":memory:", threads: 2, memoryLimit: "2GB" })))
  )

/** Loads the fixture, runs the stage once, and hands the warehouse to `query`. */
export const withReputation = <A>(fixture: Fixture, query: (db: DuckdbService) => Effect.Effect<A, WarehouseError>): Promise<A> =>
  inWarehouse((db) =>
    Effect.gen(function*() {
      yield* loadFixture(db, fixture)
      yield* runStage(db)
      return yield* query(db)
    })
  )

export type ResultRow = Readonly<Record<string, unknown>>

export { num } from "../support/staging.ts"

/** The reputation row of one week × platform × store_id (both default to '(all)'), or undefined. */
export const reputationRow = (
  db: DuckdbService,
  key: { readonly week: string; readonly platform?: string; readonly store?: string }
) =>
  db.all(
    `select * from reputation where week = cast($week as date) and platform = $platform and store_id = $store`,
    { week: key.week, platform: key.platform ?? "(all)", store: key.store ?? "(all)" }
  ).pipe(Effect.map((rows) => rows[0]))

export const reviewRow = (db: DuckdbService, reviewId: string) =>
  db.all("select * from review_sentiment where review_id = $id", { id: reviewId }).pipe(Effect.map((rows) => rows[0]))

let counter = 0

export interface ReviewOptions {
  readonly id?: string
  readonly platform?: string
  readonly store?: string | null
  readonly rating?: number
  readonly title?: string | null
  readonly text?: string | null
  readonly language?: string | null
  readonly repliedAt?: string | null
}

export const review = (occurredAt: string, o: ReviewOptions = {}): StagingRow => ({
  event_id: o.id ?? `r-${++counter}`,
  occurred_at: occurredAt,
  platform: o.platform ?? "google",
  store_id: o.store === undefined ? "S1" : o.store,
  rating: o.rating ?? 4,
  title: o.title ?? null,
  text: o.text === undefined ? "Sehr gut." : o.text,
  language: o.language === undefined ? "de" : o.language,
  replied_at: o.repliedAt ?? null
})

export const surveyResponse = (
  occurredAt: string,
  o: { readonly id: string; readonly surveyType?: string; readonly score?: number; readonly comment?: string | null; readonly language?: string | null; readonly touchpoint?: string | null }
): StagingRow => ({
  event_id: o.id,
  occurred_at: occurredAt,
  survey_type: o.surveyType ?? "csat",
  score: o.score ?? 4,
  comment: o.comment ?? null,
  language: o.language ?? null,
  touchpoint: o.touchpoint ?? null
})
