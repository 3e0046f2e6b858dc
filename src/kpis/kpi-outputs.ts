/**
 * The KPI marts as published tables: explicit columns, a deterministic order. The stage already
 * applied the run's window; the filters here keep a table's periods that overlap the window, so
 * a partial first week or month built by the stage is published whole as built.
 */
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, monthFilter, weekFilter, type OutputWindow, type WindowFilter } from "../publish/window.ts"

export type KpiOutputWindow = OutputWindow

const responseTimesColumns = [
  "date", "metric", "dimension", "segment", "time_basis", "n", "p50_minutes", "p90_minutes", "mean_minutes",
  "threshold_minutes", "over_threshold", "share_over_threshold", "open_n", "open_over_threshold", "failed_n", "share_on_time"
]

const surveyKpisColumns = [
  "week", "survey_type", "touchpoint", "responses", "promoters", "passives", "detractors", "nps", "nps_margin_of_error",
  "csat", "ces", "share_disappointed", "share_ok", "share_delighted", "low_sample"
]

const contactReasonsColumns = [
  "month", "contact_reason", "contacts", "orders", "contacts_per_100_orders", "repeat_contacts", "repeat_contact_rate",
  "quadrant", "bot_tickets", "bot_contained", "bot_containment_rate"
]

const output = (name: string, columns: ReadonlyArray<string>, filter: WindowFilter, orderBy: string): TableOutput => ({
  name,
  sql: `select ${columns.join(", ")}\nfrom ${name}\n${filter.where}`,
  orderBy,
  params: filter.params
})

export const kpiOutputs = (w: KpiOutputWindow): ReadonlyArray<TableOutput> => [
  output("response_times", responseTimesColumns, dateFilter(w, "date"), "date, metric, dimension, segment"),
  output("survey_kpis", surveyKpisColumns, weekFilter(w, "week"), "week, survey_type, touchpoint"),
  output(
    "contact_reasons",
    contactReasonsColumns,
    monthFilter(w, "month"),
    "month, contact_reason"
  )
]
