/**
 * The tables a run publishes, in manifest order. Later stages (journeys, attribution, KPIs,
 * reputation) add their marts here.
 */
import { sourceNames } from "../schemas/sources.ts"
import { sqlString } from "../src/duckdb/sql-text.ts"
import { eventsTable, stagingColumnNames } from "../src/ingest/source-columns.ts"
import type { TableOutput } from "../src/publish/publish.ts"
import { dateFilter, type OutputWindow } from "../src/publish/window.ts"

export type { OutputWindow } from "../src/publish/window.ts"

export const stagingOutputs = (w: OutputWindow): ReadonlyArray<TableOutput> =>
  sourceNames.map((source) => {
    const filter = dateFilter(w, `cast(timezone(${sqlString(w.timezone)}, occurred_at) as date)`)
    return {
      name: eventsTable(source),
      sql: `select ${[...stagingColumnNames(source), "file_id", "row_number", "run_id"].join(", ")}
from ${eventsTable(source)}
${filter.where}`,
      // not sorted (Parquet readers promise no row order): see TableOutput.orderBy
      params: filter.params,
      monthOfInstant: { column: "occurred_at", timezone: w.timezone },
      // staged events are never changed or removed: a nightly run adds a file of new rows
      appendOnly: true
    }
  })

export const quarantineOutput: TableOutput = {
  name: "quarantine",
  sql: "select run_id, source, file, row_number, rule, message, raw from quarantine",
  orderBy: "run_id, source, file, row_number"
}

export const outputs = (w: OutputWindow): ReadonlyArray<TableOutput> => [...stagingOutputs(w), quarantineOutput]
