/**
 * The tables the attribution stage publishes. The stage already restricted the conversions to
 * the run's window; the dated tables are filtered on their business date again so a table
 * never shows a day outside the window. attribution_credits is large (conversions × touchpoints
 * × models), so it is Hive-partitioned by the month of the conversion's business date.
 */
import type { Params } from "../duckdb/duckdb.ts"
import type { TableOutput } from "../publish/publish.ts"

export interface AttributionOutputWindow {
  readonly timezone: string
  /** Inclusive business-time-zone dates (YYYY-MM-DD), or null for no bound. */
  readonly since: string | null
  readonly until: string | null
}

// Business dates were computed in the business time zone when the tables were built.
const dateWindow = (w: AttributionOutputWindow, column: string): { readonly where: string; readonly params: Params } => {
  const conditions: Array<string> = []
  const params: Record<string, string> = {}
  if (w.since !== null) {
    conditions.push(`${column} >= cast($since as date)`)
    params["since"] = w.since
  }
  if (w.until !== null) {
    conditions.push(`${column} <= cast($until as date)`)
    params["until"] = w.until
  }
  return { where: conditions.length === 0 ? "" : `where ${conditions.join(" and ")}`, params }
}

const creditColumns = [
  "conversion_id", "touchpoint_id", "model", "channel", "credit", "revenue", "position", "path_length", "converted_at", "converted_date"
]
const attributionColumns = ["date", "model", "channel", "conversions", "revenue", "touched_conversions"]
const modelColumns = [
  "model", "channel", "conversions", "revenue", "share", "removal_effect", "share_low", "share_high", "share_std_error"
]
const transitionColumns = ["from_state", "to_state", "transitions", "probability"]

export const attributionOutputs = (w: AttributionOutputWindow): ReadonlyArray<TableOutput> => {
  const credits = dateWindow(w, "converted_date")
  const days = dateWindow(w, "date")
  return [
    {
      name: "attribution_credits",
      sql: `select ${creditColumns.join(", ")}\nfrom attribution_credits\n${credits.where}\norder by converted_at, conversion_id, model, position`,
      params: credits.params,
      monthOf: "strftime(converted_date, '%Y-%m')"
    },
    {
      name: "attribution",
      sql: `select ${attributionColumns.join(", ")}\nfrom attribution\n${days.where}\norder by date, model, channel`,
      params: days.params
    },
    {
      name: "attribution_models",
      sql: `select ${modelColumns.join(", ")}\nfrom attribution_models\norder by model, channel`
    },
    {
      name: "markov_transitions",
      sql: `select ${transitionColumns.join(", ")}\nfrom markov_transitions\norder by from_state, to_state`
    }
  ]
}
