/**
 * The tables a run publishes, in manifest order. Later stages (journeys, attribution, KPIs,
 * reputation) add their marts here.
 */
import { sourceNames } from "../schemas/sources.ts"
import { eventsTable, sqlString, stagingColumnNames } from "../src/ingest/source-columns.ts"
import type { TableOutput } from "../src/publish/publish.ts"

export interface OutputWindow {
  readonly timezone: string
  /** Inclusive business-time-zone dates (YYYY-MM-DD), or null for no bound. */
  readonly since: string | null
  readonly until: string | null
}

const windowFilter = (w: OutputWindow, column: string): { where: string; params: Record<string, string> } => {
  const conditions: Array<string> = []
  const params: Record<string, string> = {}
  if (w.since !== null) {
    conditions.push(`cast(timezone($timezone, ${column}) as date) >= cast($since as date)`)
    params["since"] = w.since
  }
  if (w.until !== null) {
    conditions.push(`cast(timezone($timezone, ${column}) as date) <= cast($until as date)`)
    params["until"] = w.until
  }
  if (conditions.length > 0) params["timezone"] = w.timezone
  return { where: conditions.length === 0 ? "" : `where ${conditions.join(" and ")}`, params }
}

export const stagingOutputs = (w: OutputWindow): ReadonlyArray<TableOutput> =>
  sourceNames.map((source) => {
    const filter = windowFilter(w, "occurred_at")
    return {
      name: eventsTable(source),
      sql: `select ${[...stagingColumnNames(source), "file_id", "row_number", "run_id"].join(", ")}
from ${eventsTable(source)}
${filter.where}
order by occurred_at, event_id`,
      params: filter.params,
      monthOf: `strftime(timezone(${sqlString(w.timezone)}, occurred_at), '%Y-%m')`
    }
  })

export const quarantineOutput: TableOutput = {
  name: "quarantine",
  sql: "select run_id, source, file, row_number, rule, message, raw from quarantine order by run_id, source, file, row_number"
}

export const outputs = (w: OutputWindow): ReadonlyArray<TableOutput> => [...stagingOutputs(w), quarantineOutput]
