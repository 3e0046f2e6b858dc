/**
 * Whether the run's window (`--since`/`--until`) holds any staged event: a window that misses
 * the data (a year mistyped, dates the inbox does not reach) publishes the tables by date
 * without rows (those by week or month keep the periods that overlap it), which is a valid
 * result but seldom the one meant, so the run says so in a note.
 */
import { Effect } from "effect"
import type { Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { sourceNames } from "../../schemas/sources.ts"
import { eventsTable } from "../ingest/source-columns.ts"
import { dateFilter, type OutputWindow } from "../publish/window.ts"

export interface WindowCoverage {
  /** Staged events whose business date falls in the window. */
  readonly inWindow: number
  /** The first and last business date of all staged events (null when there are none). */
  readonly first: string | null
  readonly last: string | null
}

export const windowCoverage = (db: Statements, w: OutputWindow): Effect.Effect<WindowCoverage, WarehouseError> => {
  const filter = dateFilter(w, "business_date")
  const dates = sourceNames.map((s) => `select cast(timezone($timezone, occurred_at) as date) as business_date from ${eventsTable(s)}`).join("\nunion all\n")
  return Effect.map(
    db.all(
      // one pass over the events, to their days; the window and the range are read off those
      `with days as materialized (
  select business_date, count(*) as events from (${dates}) group by business_date
)
select
  coalesce((select sum(events) from days ${filter.where}), 0)::bigint as in_window,
  strftime(min(business_date), '%Y-%m-%d') as first,
  strftime(max(business_date), '%Y-%m-%d') as last
from days`,
      { timezone: w.timezone, ...filter.params }
    ),
    ([r]) => ({
      inWindow: Number(r?.["in_window"] ?? 0),
      first: r?.["first"] == null ? null : String(r["first"]),
      last: r?.["last"] == null ? null : String(r["last"])
    })
  )
}
