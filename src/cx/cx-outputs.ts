/** The CX driver marts as published tables (docs/cx-drivers.md). */
import { martOutput } from "../publish/mart-output.ts"
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, monthFilter, type OutputWindow } from "../publish/window.ts"
import { sqlString } from "../duckdb/sql-text.ts"

export const cxOutputs = (w: OutputWindow): ReadonlyArray<TableOutput> => [
  martOutput("cx_drivers", { orderBy: "driver, outcome" }),
  martOutput("cx_drivers_monthly", { filter: monthFilter(w, "cast(month || '-01' as date)"), orderBy: "month, driver, outcome" }),
  martOutput("recovery_moments", {
    filter: dateFilter(w, `cast(timezone(${sqlString(w.timezone)}, breach_at) as date)`),
    orderBy: "breach_at, breach_id"
  }),
  martOutput("at_risk_customers", { orderBy: "revenue_to_date desc, last_breach_at desc, customer_key" })
]
