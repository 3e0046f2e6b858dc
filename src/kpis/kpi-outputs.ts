/**
 * The KPI marts as published tables, as their models build them (src/publish/mart-output.ts), in
 * a deterministic order. The stage already applied the run's window; the filters here keep a
 * table's periods that overlap the window, so a partial first week or month built by the stage
 * is published whole as built.
 */
import { martOutput } from "../publish/mart-output.ts"
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, monthFilter, weekFilter, type OutputWindow } from "../publish/window.ts"

export type KpiOutputWindow = OutputWindow

export const kpiOutputs = (w: KpiOutputWindow): ReadonlyArray<TableOutput> => [
  martOutput("response_times", { filter: dateFilter(w, "date"), orderBy: "date, metric, dimension, segment" }),
  martOutput("survey_kpis", { filter: weekFilter(w, "week"), orderBy: "week, survey_type, touchpoint" }),
  martOutput("contact_reasons", { filter: monthFilter(w, "cast(month || '-01' as date)"), orderBy: "month, contact_reason" })
]
