/**
 * The KPI marts as published tables: explicit columns, a deterministic order. The stage already
 * applied the run's window; the filters here keep a table's periods that overlap the window, so
 * a partial first week or month built by the stage is published whole as built.
 */
import type { TableOutput } from "../publish/publish.ts"

export interface KpiOutputWindow {
  readonly timezone: string
  /** Inclusive business-time-zone dates (YYYY-MM-DD), or null for no bound. */
  readonly since: string | null
  readonly until: string | null
}

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

/** A period [start, end] overlaps the window; `end` is an SQL expression over the period's start. */
const overlapFilter = (w: KpiOutputWindow, start: string, end: string): { where: string; params: Record<string, string> } => {
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

const output = (name: string, columns: ReadonlyArray<string>, filter: ReturnType<typeof overlapFilter>, orderBy: string): TableOutput => ({
  name,
  sql: `select ${columns.join(", ")}\nfrom ${name}\n${filter.where}\norder by ${orderBy}`,
  params: filter.params
})

export const kpiOutputs = (w: KpiOutputWindow): ReadonlyArray<TableOutput> => [
  output("response_times", responseTimesColumns, overlapFilter(w, "date", "date"), "date, metric, dimension, segment"),
  output("survey_kpis", surveyKpisColumns, overlapFilter(w, "week", "cast(week + 6 as date)"), "week, survey_type, touchpoint"),
  output(
    "contact_reasons",
    contactReasonsColumns,
    overlapFilter(w, "month", "cast(month + interval 1 month - interval 1 day as date)"),
    "month, contact_reason"
  )
]
