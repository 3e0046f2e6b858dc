/**
 * Retention (contract section 7, `retention.days`): at each run, after ingest, the events older
 * than that many days (of 24 hours) before the newest event of any source are dropped from the
 * staging tables, and the rows presets kept from before then.
 * In the same transaction the build is invalidated, so the derived tables, which still hold
 * them, are rebuilt from the remaining events and every output is written again.
 * docs/operations.md ("Retention").
 */
import { Effect } from "effect"
import { sourceNames, type SourceName } from "../../schemas/sources.ts"
import type { DuckdbService } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { sqlIdent } from "../duckdb/sql-text.ts"
import { keptPersonRows } from "../ingest/presets/index.ts"
import { eventsTable } from "../ingest/source-columns.ts"

export interface RetentionResult {
  /** Events before this instant were dropped; null when retention is off or there are no events. */
  readonly cutoff: string | null
  readonly dropped: Readonly<Record<SourceName, number>>
  readonly total: number
}

const none = Object.fromEntries(sourceNames.map((s) => [s, 0])) as Record<SourceName, number>

export const applyRetention = (db: DuckdbService, days: number | null): Effect.Effect<RetentionResult, WarehouseError> =>
  Effect.gen(function*() {
    if (days === null) return { cutoff: null, dropped: none, total: 0 }
    const newest = sourceNames.map((s) => `select max(occurred_at) as newest_at from ${eventsTable(s)}`).join("\nunion all\n")
    const [row] = yield* db.all(
      `select strftime(timezone('UTC', max(newest_at) - to_hours(24 * cast($days as integer))), '%Y-%m-%dT%H:%M:%S.%fZ') as cutoff from (${newest})`,
      { days }
    )
    const cutoff = row?.["cutoff"] === null || row?.["cutoff"] === undefined ? null : String(row["cutoff"])
    if (cutoff === null) return { cutoff: null, dropped: none, total: 0 }
    const counts = yield* db.all(
      sourceNames.map((s) => `select '${s}' as source, count(*) as n from ${eventsTable(s)} where occurred_at < $cutoff::timestamptz`).join("\nunion all\n"),
      { cutoff }
    )
    const dropped = { ...none }
    for (const c of counts) dropped[String(c["source"]) as SourceName] = Number(c["n"])
    const total = Object.values(dropped).reduce((a, n) => a + n, 0)
    if (total === 0) return { cutoff, dropped, total }
    yield* db.transaction((tx) =>
      Effect.gen(function*() {
        for (const s of sourceNames) yield* tx.run(`delete from ${eventsTable(s)} where occurred_at < $cutoff::timestamptz`, { cutoff })
        // what presets kept from before the cut goes with the events (src/ingest/presets/settler.ts)
        for (const k of keptPersonRows) yield* tx.run(`delete from ${sqlIdent(k.table)} where ${sqlIdent(k.at)} < $cutoff::timestamptz`, { cutoff })
        // the derived tables still hold the dropped events: they are no complete build any more
        yield* tx.run("delete from derived_state")
      }))
    return { cutoff, dropped, total }
  })
