/**
 * The tables the journeys stage publishes. customers is published whole (a customer is not a
 * dated fact); the dated tables keep the rows whose
 * business date falls in the run's window. touchpoints, conversions and journeys are large, so
 * they are Hive-partitioned by the month of that date. Each is published as its model builds it
 * (src/publish/mart-output.ts). None of these tables is
 * sorted (see `TableOutput.orderBy`): each has a row per customer, touchpoint, conversion or
 * path, and a night rewrites all of them.
 */
import { martOutput } from "../publish/mart-output.ts"
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, type OutputWindow } from "../publish/window.ts"

export type JourneyOutputWindow = OutputWindow

const dated = (w: JourneyOutputWindow, name: string, dateColumn: string, partitioned: boolean): TableOutput =>
  martOutput(name, { filter: dateFilter(w, dateColumn), ...(partitioned ? { monthOf: `strftime(${dateColumn}, '%Y-%m')` } : {}) })

/**
 * The converting paths of the window's journeys, one row each (docs/journeys.md, "Path
 * summary"): an aggregate of the published journeys, so it is computed as they are published.
 */
const pathSummary = (w: JourneyOutputWindow): TableOutput => {
  const filter = dateFilter(w, "converted_date")
  return {
    name: "path_summary",
    sql: `select
  path_string,
  any_value(path_length) as path_length,
  count(*)::bigint as conversions,
  sum(revenue)::decimal(18, 4) as revenue,
  count(*) / sum(count(*)) over () as share
from journeys${filter.where === "" ? "" : `\n${filter.where}`}
group by path_string`,
    params: filter.params,
    orderBy: "conversions desc, path_string"
  }
}

export const journeyOutputs = (w: JourneyOutputWindow): ReadonlyArray<TableOutput> => [
  martOutput("customers"),
  dated(w, "touchpoints", "started_date", true),
  dated(w, "conversions", "converted_date", true),
  dated(w, "journeys", "converted_date", true),
  dated(w, "paths", "ended_date", false),
  pathSummary(w)
]
