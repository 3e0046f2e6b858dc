/**
 * The analysis window of a run (`--since`/`--until`, inclusive business dates) as a filter on a
 * published table. Every output applies it the same way: a row is kept when its period
 * [start, end] overlaps the window, so a week or month that straddles a bound is published whole.
 */
import type { Params } from "../duckdb/duckdb.ts"

export interface OutputWindow {
  readonly timezone: string
  /** Inclusive business-time-zone dates (YYYY-MM-DD), or null for no bound. */
  readonly since: string | null
  readonly until: string | null
}

export interface WindowFilter {
  /** `where …`, or empty when the window is open. */
  readonly where: string
  readonly params: Params
}

/** `start` and `end` are SQL expressions giving DATEs. */
export const periodFilter = (w: OutputWindow, start: string, end: string): WindowFilter => {
  const conditions: Array<string> = []
  const params: Record<string, string> = {}
  if (w.since !== null) {
    conditions.push(`${end} >= cast($since as date)`)
    params["since"] = w.since
  }
  if (w.until !== null) {
    conditions.push(`${start} <= cast($until as date)`)
    params["until"] = w.until
  }
  return { where: conditions.length === 0 ? "" : `where ${conditions.join(" and ")}`, params }
}

/** A business date column. */
export const dateFilter = (w: OutputWindow, column: string): WindowFilter => periodFilter(w, column, column)

/** An ISO week given by its Monday. */
export const weekFilter = (w: OutputWindow, column: string): WindowFilter => periodFilter(w, column, `cast(${column} + 6 as date)`)

/** A month given by its first day. */
export const monthFilter = (w: OutputWindow, column: string): WindowFilter =>
  periodFilter(w, column, `cast(${column} + interval 1 month - interval 1 day as date)`)
