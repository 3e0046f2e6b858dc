/**
 * The tables the attribution stage publishes. The stage already restricted the conversions to
 * the run's window; the dated tables are filtered on their business date again so a table
 * never shows a day outside the window. attribution_credits is large (conversions × touchpoints,
 * a credit column per model), so it is Hive-partitioned by the month of the conversion's business date.
 */
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, type OutputWindow } from "../publish/window.ts"

export type AttributionOutputWindow = OutputWindow

const creditColumns = [
  "conversion_id", "touchpoint_id", "channel", "position", "path_length", "converted_at", "converted_date", "conversion_revenue",
  "first_touch_credit", "last_touch_credit", "last_non_direct_credit", "linear_credit", "position_based_credit", "time_decay_credit",
  "markov_credit", "shapley_credit"
]
const attributionColumns = ["date", "model", "channel", "conversions", "revenue", "touched_conversions"]
const modelColumns = [
  "model", "channel", "conversions", "revenue", "share", "removal_effect", "share_low", "share_high", "share_std_error"
]
const transitionColumns = ["from_state", "to_state", "transitions", "probability"]

export const attributionOutputs = (w: AttributionOutputWindow): ReadonlyArray<TableOutput> => {
  const credits = dateFilter(w, "converted_date")
  const days = dateFilter(w, "date")
  return [
    {
      name: "attribution_credits",
      // a row per conversion and touchpoint, all rewritten every night: not sorted (TableOutput.orderBy)
      sql: `select ${creditColumns.join(", ")}\nfrom attribution_credits\n${credits.where}`,
      params: credits.params,
      monthOf: "strftime(converted_date, '%Y-%m')"
    },
    {
      name: "attribution",
      sql: `select ${attributionColumns.join(", ")}\nfrom attribution\n${days.where}`,
      orderBy: "date, model, channel",
      params: days.params
    },
    {
      name: "attribution_models",
      sql: `select ${modelColumns.join(", ")}\nfrom attribution_models`,
      orderBy: "model, channel"
    },
    {
      name: "markov_transitions",
      sql: `select ${transitionColumns.join(", ")}\nfrom markov_transitions`,
      orderBy: "from_state, to_state"
    }
  ]
}
