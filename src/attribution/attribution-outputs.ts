/**
 * The tables the attribution stage publishes, as its marts are (src/publish/mart-output.ts). The
 * stage already restricted the conversions to the run's window; the dated tables are filtered
 * on their business date again so a table never shows a day outside the window.
 * attribution_credits is large (conversions × touchpoints, a credit column per model), so it is
 * Hive-partitioned by the month of the conversion's business date, and, as every row is
 * rewritten every night, not sorted (TableOutput.orderBy).
 */
import { martOutput } from "../publish/mart-output.ts"
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, type OutputWindow } from "../publish/window.ts"

export type AttributionOutputWindow = OutputWindow

export const attributionOutputs = (w: AttributionOutputWindow): ReadonlyArray<TableOutput> => [
  martOutput("attribution_credits", { filter: dateFilter(w, "converted_date"), monthOf: "strftime(converted_date, '%Y-%m')" }),
  martOutput("attribution", { filter: dateFilter(w, "date"), orderBy: "date, model, channel" }),
  martOutput("attribution_models", { orderBy: "model, channel" }),
  martOutput("markov_transitions", { orderBy: "from_state, to_state" })
]
