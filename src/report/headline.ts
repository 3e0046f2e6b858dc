/**
 * The headline numbers of a run (sql/report/headline.sql), for its summary and terminal: read
 * from the Parquet files of the version just published, as the report is, so they are the
 * published numbers (--since/--until included).
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import type { Statements } from "../duckdb/duckdb.ts"
import { WarehouseError } from "../errors.ts"
import { publishedFiles, type Sources } from "./report-data.ts"

/** The published tables the headline reads; every run publishes them (an empty one as one file). */
const headlineTables = ["attribution_models", "survey_kpis", "response_times", "reputation"] as const

export interface Headline {
  readonly conversions: number
  readonly revenue: number
  /** The channel with the largest share, by `model` (markov when fitted). */
  readonly top_channel: { readonly model: string; readonly channel: string; readonly share: number } | null
  readonly nps: { readonly value: number; readonly responses: number } | null
  /** Percent of CSAT responses scoring 4–5. */
  readonly csat: { readonly value: number; readonly responses: number } | null
  readonly delivery_over_threshold: { readonly share: number; readonly deliveries: number } | null
  readonly first_reply_over_sla: { readonly share: number; readonly tickets: number } | null
  readonly rating: { readonly average: number; readonly reviews: number } | null
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

const filesOf = (from: Sources): Effect.Effect<Record<string, ReturnType<typeof listValue>>, WarehouseError> => {
  const params: Record<string, ReturnType<typeof listValue>> = {}
  for (const table of headlineTables) {
    const files = publishedFiles(from, table)
    if (files.length === 0) return Effect.fail(new WarehouseError({ message: `the headline needs the published table ${table}, and this version has no file of it` }))
    params[table] = listValue(files)
  }
  return Effect.succeed(params)
}

export const headline = (db: Statements, from: Sources): Effect.Effect<Headline, WarehouseError> =>
  Effect.all([db.sqlFile("report/headline.sql"), filesOf(from)]).pipe(Effect.flatMap(([sql, params]) => db.all(sql, params)), Effect.map((rows) => {
    const r = rows[0] ?? {}
    const pair = <K extends string, L extends string>(value: unknown, count: unknown, k: K, l: L) => {
      const v = num(value)
      const n = num(count)
      return v === null || n === null || n === 0 ? null : ({ [k]: v, [l]: n } as Record<K | L, number>)
    }
    return {
      conversions: num(r["conversions"]) ?? 0,
      revenue: num(r["revenue"]) ?? 0,
      top_channel: r["top_channel"] === null || r["top_channel"] === undefined
        ? null
        : { model: String(r["top_channel_model"]), channel: String(r["top_channel"]), share: num(r["top_channel_share"]) ?? 0 },
      nps: pair(r["nps"], r["nps_responses"], "value", "responses"),
      csat: pair(r["csat"], r["csat_responses"], "value", "responses"),
      delivery_over_threshold: pair(r["delivery_over_threshold_share"], r["deliveries"], "share", "deliveries"),
      first_reply_over_sla: pair(r["first_reply_over_sla_share"], r["first_replies"], "share", "tickets"),
      rating: pair(r["avg_rating"], r["reviews"], "average", "reviews")
    }
  }))
