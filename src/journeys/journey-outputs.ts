/**
 * The tables the identity and journeys stages publish. identity_map and customers are
 * published whole (a customer is not a dated fact); the dated tables keep the rows whose
 * business date falls in the run's window. touchpoints, conversions and journeys are large, so
 * they are Hive-partitioned by the month of that date. Column lists are explicit so the
 * published schema does not follow internal columns by accident. None of these tables is
 * sorted (see `TableOutput.orderBy`): each has a row per identifier, customer, touchpoint,
 * conversion or path, and a night rewrites all of them.
 */
import type { TableOutput } from "../publish/publish.ts"
import { dateFilter, type OutputWindow } from "../publish/window.ts"

export type JourneyOutputWindow = OutputWindow

const identityMapColumns = [
  "identifier_type", "identifier", "customer_key", "is_guarded", "guard_reason", "event_count", "first_seen_at", "last_seen_at"
]

const customerColumns = [
  "customer_key", "first_seen_at", "last_seen_at", "identifier_count", "conversions", "revenue", "first_converted_at",
  "last_converted_at", "touchpoints", "web_sessions", "store_touchpoints", "support_tickets", "anonymous_ids", "customer_ids",
  "emails", "phones", "loyalty_ids"
]

const touchpointColumns = [
  "touchpoint_id", "customer_key", "started_at", "ended_at", "started_date", "source", "channel", "campaign", "touchpoint_type",
  "micro_moment", "journey_phase", "conversions", "revenue", "traffic_source", "traffic_medium", "referrer_host",
  "landing_page_url", "anonymous_id", "device_type", "store_id", "ticket_id", "support_channel", "event_count"
]

const conversionColumns = [
  "conversion_id", "customer_key", "converted_at", "converted_date", "source", "order_id", "revenue", "currency", "touchpoint_id",
  "touchpoint_channel", "store_id"
]

const journeyColumns = [
  "conversion_id", "customer_key", "converted_at", "converted_date", "source", "order_id", "revenue", "currency", "path",
  "path_string", "path_length", "first_touch_at", "days_to_convert", "is_cross_channel", "web_touchpoints", "store_touchpoints",
  "support_touchpoints", "distinct_channels", "converting_touchpoint_id"
]

const pathColumns = [
  "customer_key", "conversion_id", "converted", "path", "path_string", "path_length", "first_touch_at", "last_touch_at",
  "converted_at", "revenue", "ended_date"
]

const dated = (
  w: JourneyOutputWindow,
  name: string,
  columns: ReadonlyArray<string>,
  dateColumn: string,
  partitioned: boolean
): TableOutput => {
  const window = dateFilter(w, dateColumn)
  return {
    name,
    sql: `select ${columns.join(", ")}\nfrom ${name}\n${window.where}`,
    params: window.params,
    ...(partitioned ? { monthOf: `strftime(${dateColumn}, '%Y-%m')` } : {})
  }
}

export const journeyOutputs = (w: JourneyOutputWindow): ReadonlyArray<TableOutput> => [
  {
    name: "identity_map",
    sql: `select ${identityMapColumns.join(", ")}\nfrom identity_map`
  },
  {
    name: "customers",
    sql: `select ${customerColumns.join(", ")}\nfrom customers`
  },
  dated(w, "touchpoints", touchpointColumns, "started_date", true),
  dated(w, "conversions", conversionColumns, "converted_date", true),
  dated(w, "journeys", journeyColumns, "converted_date", true),
  dated(w, "paths", pathColumns, "ended_date", false)
]
