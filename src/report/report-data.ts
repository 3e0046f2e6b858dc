/**
 * What the report shows, read from the Parquet files of the version being published (not from
 * the warehouse), so every number in its tables is the published one. One query per figure,
 * in `sql/report/`; the data-health counts come from the manifest's input files.
 */
import { Effect } from "effect"
import { listValue } from "@duckdb/node-api"
import { join } from "node:path"
import { sourceNames } from "../../schemas/sources.ts"
import type { Params, Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { eventsTable } from "../ingest/source-columns.ts"
import type { ManifestSource, PublishedTable, RowCounts } from "../publish/publish.ts"
import type { ChartId, SectionId } from "./report-labels.ts"

export type Value = string | number | boolean | null
export type Row = Readonly<Record<string, Value>>

/** How a cell is shown (share: 0–1 shown as percent; percent: already 0–100); its `data-value` is always the raw value. */
export type Format = "text" | "count" | "number" | "share" | "percent" | "minutes" | "money" | "rating" | "date" | "timestamp" | "boolean"

export interface ReportColumn {
  readonly name: string
  readonly format: Format
}

export interface ReportTable {
  /** The published table the rows come from (`_manifest` for the manifest's `sources`). */
  readonly table: string
  /** Which of its rows are shown, as a SQL condition over its columns; null for all of them. */
  readonly filter: string | null
  /** Only the first rows in the table's order are shown (the top paths); null for all of them. */
  readonly limit: number | null
  readonly columns: ReadonlyArray<ReportColumn>
  /** The values as DuckDB gives them: DECIMAL and BIGINT as exact text. */
  readonly rows: ReadonlyArray<Row>
}

/** A chart as the browser script draws it (src/report/report-charts.client.js). */
export interface ChartSpec {
  readonly id: string
  readonly title: ChartId
  /** A word after the title (the outcome of a drivers chart). */
  readonly subtitle: string | null
  /** bars: horizontal, one per y; dots: a dot per x with an optional interval; lines and columns: over dates. */
  readonly kind: "bars" | "dots" | "lines" | "columns"
  readonly x: string
  readonly y: string
  readonly series: string | null
  readonly low: string | null
  readonly high: string | null
  /** A boolean column: its true rows are drawn hollow (dots; small samples). */
  readonly hollow: string | null
  /** How the value axis reads: share (0–1 as percent), percent (0–100) or number. */
  readonly valueFormat: "share" | "percent" | "number"
  readonly data: ReadonlyArray<Row>
}

export interface Figure {
  readonly charts: ReadonlyArray<ChartSpec>
  readonly table: ReportTable
}

export interface Section {
  readonly id: SectionId
  readonly figures: ReadonlyArray<Figure>
}

/** A file of the run as its manifest lists it (`input_files`). */
export interface InputFileCounts extends RowCounts {
  readonly source: string
  readonly status: string
}

const cols = (spec: string): ReadonlyArray<ReportColumn> =>
  spec.trim().split(/\s+/).map((c) => {
    const [name = "", format = "text"] = c.split(":")
    return { name, format: format as Format }
  })

/** The formats of numbers (the rest are text, dates, instants and booleans). */
export const isNumeric = (format: Format): boolean =>
  format !== "text" && format !== "date" && format !== "timestamp" && format !== "boolean"

/** Counts and decimals come from DuckDB as strings (BIGINT, DECIMAL); charts want numbers. */
const numeric = (rows: ReadonlyArray<Row>, columns: ReadonlyArray<ReportColumn>): ReadonlyArray<Row> =>
  rows.map((r) =>
    Object.fromEntries(columns.map((c) => {
      const v = r[c.name] ?? null
      return [c.name, isNumeric(c.format) && v !== null ? Number(v) : v]
    }))
  )

/** A chart has something to draw when a row has a value on its value axis. */
export const hasData = (c: ChartSpec): boolean => {
  const value = c.kind === "bars" || c.kind === "dots" ? c.x : c.y
  return c.data.some((d) => d[value] !== null && d[value] !== undefined)
}

const chart = (spec: Omit<ChartSpec, "series" | "low" | "high" | "hollow" | "subtitle" | "valueFormat"> & Partial<ChartSpec>): ChartSpec => ({
  series: null,
  low: null,
  high: null,
  hollow: null,
  subtitle: null,
  valueFormat: "number",
  ...spec
})

export interface Sources {
  readonly dir: string
  readonly tables: ReadonlyMap<string, PublishedTable>
}

/** The paths of a published table's files in the version; none when it was not published. */
export const publishedFiles = (from: Sources, table: string): ReadonlyArray<string> =>
  (from.tables.get(table)?.files ?? []).map((f) => join(from.dir, f))

/** The rows of one report query over a published table's files; none when it was not published. */
const query = (db: Statements, from: Sources, table: string, file: string, params: Params = {}): Effect.Effect<ReadonlyArray<Row>, WarehouseError> => {
  const files = publishedFiles(from, table)
  if (files.length === 0) return Effect.succeed([])
  return db.sqlFile(`report/${file}`).pipe(
    Effect.flatMap((sql) => db.all(sql, { ...params, files: listValue(files) })),
    Effect.map((rows) => rows as ReadonlyArray<Row>)
  )
}

/** Per source, the run's files and rows and what the version holds: the manifest's `sources`. */
export const sourceSummary = (
  db: Statements,
  from: Sources,
  inputFiles: ReadonlyArray<InputFileCounts>
): Effect.Effect<ReadonlyArray<ManifestSource>, WarehouseError> =>
  Effect.forEach(sourceNames, (source) =>
    Effect.gen(function*() {
      const files = inputFiles.filter((f) => f.source === source)
      const sum = (k: keyof RowCounts) => files.reduce((a, f) => a + f[k], 0)
      const [fresh] = yield* query(db, from, eventsTable(source), "report_freshness.sql")
      const newest = fresh?.["newest_event_at"]
      return {
        source,
        files_loaded: files.filter((f) => f.status === "loaded").length,
        files_skipped: files.filter((f) => f.status === "skipped").length,
        files_unreadable: files.filter((f) => f.status === "unreadable" || f.status === "unsupported").length,
        rows_read: sum("rows_read"),
        accepted: sum("accepted"),
        quarantined: sum("quarantined"),
        duplicates: sum("duplicates"),
        filtered: sum("filtered"),
        suppressed: sum("suppressed"),
        quarantine_share: sum("rows_read") === 0 ? null : sum("quarantined") / sum("rows_read"),
        events: from.tables.get(eventsTable(source))?.rows ?? 0,
        newest_event_at: typeof newest === "string" ? newest : null
      }
    }))

const health = (sources: ReadonlyArray<ManifestSource>): Figure => {
  const columns = cols(`source files_loaded:count files_skipped:count files_unreadable:count rows_read:count accepted:count
    quarantined:count duplicates:count filtered:count suppressed:count quarantine_share:share events:count newest_event_at:timestamp`)
  const rows: ReadonlyArray<Row> = sources.map((s) => ({ ...s }))
  const data = sources.flatMap((s) => [
    { source: s.source, status: "accepted", rows: s.accepted },
    { source: s.source, status: "quarantined", rows: s.quarantined }
  ])
  return {
    charts: [chart({ id: "health", title: "health", kind: "bars", x: "rows", y: "source", series: "status", data })],
    table: { table: "_manifest", filter: null, limit: null, columns, rows }
  }
}

const attribution = (db: Statements, from: Sources) =>
  Effect.gen(function*() {
    const shareColumns = cols("model channel conversions:number revenue:money share:share share_low:share share_high:share")
    const shares = yield* query(db, from, "attribution_models", "report_attribution_shares.sql")
    const pathColumns = cols("path_string path_length:count conversions:count revenue:money share:share")
    const paths = yield* query(db, from, "path_summary", "report_top_paths.sql", { limit: topPaths })
    return [
      {
        charts: [chart({ id: "shares", title: "shares", kind: "dots", x: "share", y: "channel", series: "model", low: "share_low", high: "share_high", valueFormat: "share", data: numeric(shares, shareColumns) })],
        table: { table: "attribution_models", filter: null, limit: null, columns: shareColumns, rows: shares }
      },
      {
        charts: [chart({ id: "paths", title: "paths", kind: "bars", x: "conversions", y: "path_string", data: numeric(paths, pathColumns) })],
        table: { table: "path_summary", filter: null, limit: topPaths, columns: pathColumns, rows: paths }
      }
    ] satisfies ReadonlyArray<Figure>
  })

/** The response-time metrics the report charts (sql/report/report_response_times.sql). */
const chartedMetrics = ["delivery_time", "support_first_reply", "review_reply"] as const

/** How many of the most frequent paths the report shows (sql/report/report_top_paths.sql). */
const topPaths = 10

const kpis = (db: Statements, from: Sources) =>
  Effect.gen(function*() {
    const surveyColumns = cols("week:date survey_type touchpoint responses:count nps:number nps_margin_of_error:number csat:percent ces:number")
    const surveyRows = yield* query(db, from, "survey_kpis", "report_survey_kpis.sql")
    const surveys = numeric(surveyRows, surveyColumns)
    const ofType = (t: string) => surveys.filter((r) => r["survey_type"] === t)
    const npsBand = ofType("nps").map((r) => {
      const nps = r["nps"] as number | null
      const moe = r["nps_margin_of_error"] as number | null
      return { ...r, nps_low: nps === null || moe === null ? null : nps - moe, nps_high: nps === null || moe === null ? null : nps + moe }
    })
    const timeColumns = cols(`date:date metric dimension segment time_basis n:count p50_minutes:minutes p90_minutes:minutes
      threshold_minutes:minutes over_threshold:count share_over_threshold:share`)
    const timeRows = yield* query(db, from, "response_times", "report_response_times.sql", { metrics: listValue([...chartedMetrics]) })
    const times = numeric(timeRows, timeColumns)
    const ofMetric = (m: string) => times.filter((r) => r["metric"] === m)
    const replyPercentiles = ofMetric("support_first_reply").flatMap((r) => [
      { date: r["date"] ?? null, percentile: "p50", minutes: r["p50_minutes"] ?? null },
      { date: r["date"] ?? null, percentile: "p90", minutes: r["p90_minutes"] ?? null }
    ])
    return [
      {
        charts: [
          chart({ id: "nps", title: "nps", kind: "lines", x: "week", y: "nps", low: "nps_low", high: "nps_high", data: npsBand }),
          chart({ id: "csat", title: "csat", kind: "lines", x: "week", y: "csat", valueFormat: "percent", data: ofType("csat") }),
          chart({ id: "ces", title: "ces", kind: "lines", x: "week", y: "ces", data: ofType("ces") })
        ],
        table: { table: "survey_kpis", filter: "is_rollup", limit: null, columns: surveyColumns, rows: surveyRows }
      },
      {
        charts: [
          chart({ id: "delivery", title: "delivery", kind: "lines", x: "date", y: "share_over_threshold", valueFormat: "share", data: ofMetric("delivery_time") }),
          chart({ id: "first_reply", title: "first_reply", kind: "lines", x: "date", y: "minutes", series: "percentile", data: replyPercentiles }),
          chart({ id: "breaches", title: "breaches", kind: "columns", x: "date", y: "over_threshold", data: ofMetric("support_first_reply") })
        ],
        table: { table: "response_times", filter: `is_rollup and metric in (${chartedMetrics.map((m) => `'${m}'`).join(", ")})`, limit: null, columns: timeColumns, rows: timeRows }
      }
    ] satisfies ReadonlyArray<Figure>
  })

const reputation = (db: Statements, from: Sources) =>
  Effect.gen(function*() {
    const columns = cols("week:date platform store_id reviews:count avg_rating:rating avg_sentiment:number share_negative:share reply_rate:share")
    const rows = yield* query(db, from, "reputation", "report_reputation.sql")
    return {
      charts: [chart({ id: "rating", title: "rating", kind: "lines", x: "week", y: "avg_rating", series: "platform", data: numeric(rows, columns) })],
      table: { table: "reputation", filter: "store_id = '(all)'", limit: null, columns, rows }
    } satisfies Figure
  })

const drivers = (db: Statements, from: Sources) =>
  Effect.gen(function*() {
    const columns = cols(`driver outcome unit exposed_n:count exposed_value:number unexposed_n:count unexposed_value:number
      difference:number difference_low:number difference_high:number low_sample:boolean`)
    const raw = yield* query(db, from, "cx_drivers", "report_cx_drivers.sql")
    const rows = numeric(raw, columns)
    const outcomes = [...new Set(rows.map((r) => String(r["outcome"])))]
    return {
      // one chart per outcome: their scales differ (NPS points, shares, mean scores)
      charts: outcomes.map((outcome, i) =>
        chart({
          id: `drivers_${i}`, title: "drivers", subtitle: outcome, kind: "dots", x: "difference", y: "driver",
          low: "difference_low", high: "difference_high", hollow: "low_sample", data: rows.filter((r) => r["outcome"] === outcome)
        })
      ),
      table: { table: "cx_drivers", filter: null, limit: null, columns, rows: raw }
    } satisfies Figure
  })

/** Every section of the report, from the version's Parquet files and the manifest's sources. */
export const reportSections = (
  db: Statements,
  from: Sources,
  sources: ReadonlyArray<ManifestSource>
): Effect.Effect<ReadonlyArray<Section>, WarehouseError> =>
  Effect.gen(function*() {
    return [
      { id: "health", figures: [health(sources)] },
      { id: "attribution", figures: yield* attribution(db, from) },
      { id: "kpis", figures: yield* kpis(db, from) },
      { id: "reputation", figures: [yield* reputation(db, from)] },
      { id: "drivers", figures: [yield* drivers(db, from)] }
    ]
  })
