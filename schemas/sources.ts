/**
 * One schema per input source (contract section 1). These definitions are the single source of
 * truth: staging columns, validation SQL and the `validate` command all derive from them.
 */
import { Schema } from "effect"
import {
  ColumnSpecId,
  email,
  instant,
  integerBetween,
  money,
  oneOf,
  phone,
  text,
  type ColumnSpec,
  type RowRule
} from "./fields.ts"

type Fields = Readonly<Record<string, Schema.Schema.Any>>

export interface SourceDefinition<R extends Fields, O extends Fields> {
  readonly name: string
  readonly required: R
  readonly optional: O
  /** Rules across fields, checked by the validation SQL (src/ingest/source-columns.ts). */
  readonly rules: ReadonlyArray<RowRule>
}

const defineSource = <const R extends Fields, const O extends Fields>(
  name: string,
  required: R,
  optional: O,
  rules: ReadonlyArray<RowRule> = []
): SourceDefinition<R, O> => {
  return { name, required, optional, rules }
}

const purchaseNeedsOrder = (source: string): RowRule => ({
  rule: "purchase_needs_order",
  kind: "requiredWhen",
  when: { field: "event_type", equals: "purchase" },
  fields: ["order_id", "revenue"],
  atLeast: { revenue: 0 },
  message: `a ${source} purchase needs order_id and revenue >= 0`
})

export const webSource = defineSource("web", {
  event_id: text(),
  occurred_at: instant(),
  anonymous_id: text(),
  event_type: text()
}, {
  customer_id: text(),
  email: email(),
  page_url: text(),
  referrer: text(),
  utm_source: text(),
  utm_medium: text(),
  utm_campaign: text(),
  utm_content: text(),
  utm_term: text(),
  device_type: text(),
  order_id: text(),
  revenue: money(),
  currency: text()
}, [purchaseNeedsOrder("web")])

export const storeSource = defineSource("store", {
  event_id: text(),
  occurred_at: instant(),
  store_id: text(),
  event_type: oneOf(["visit", "purchase", "return", "coupon_redeemed"])
}, {
  loyalty_id: text(),
  customer_id: text(),
  email: email(),
  phone: phone(),
  order_id: text(),
  revenue: money(),
  currency: text(),
  coupon_code: text()
}, [purchaseNeedsOrder("store")])

export const surveySource = defineSource("survey", {
  event_id: text(),
  occurred_at: instant(),
  survey_type: oneOf(["nps", "csat", "ces"]),
  score: integerBetween(0, 10)
}, {
  customer_id: text(),
  email: email(),
  loyalty_id: text(),
  touchpoint: text(),
  channel: text(),
  store_id: text(),
  order_id: text(),
  ticket_id: text(),
  comment: text(),
  language: text()
}, [{
  rule: "score_range",
  kind: "rangeBy",
  field: "score",
  by: "survey_type",
  ranges: { nps: [0, 10], csat: [1, 5], ces: [1, 7] },
  message: "score out of range for its survey_type (nps 0-10, csat 1-5, ces 1-7)"
}])

export const supportSource = defineSource("support", {
  event_id: text(),
  occurred_at: instant(),
  ticket_id: text(),
  event_type: oneOf(["created", "agent_reply", "customer_reply", "bot_reply", "solved", "reopened", "closed"]),
  channel: oneOf(["email", "phone", "chat", "chatbot", "social", "form"])
}, {
  customer_id: text(),
  email: email(),
  phone: phone(),
  contact_reason: text(),
  order_id: text(),
  agent_id: text(),
  priority: text()
})

export const deliverySource = defineSource("delivery", {
  event_id: text(),
  occurred_at: instant(),
  order_id: text(),
  event_type: oneOf(["ordered", "dispatched", "delivered", "failed"])
}, {
  promised_at: instant({ future: true }),
  service: text(),
  store_id: text(),
  customer_id: text(),
  email: email()
})

export const reviewSource = defineSource("review", {
  event_id: text(),
  occurred_at: instant(),
  platform: text(),
  rating: integerBetween(1, 5)
}, {
  store_id: text(),
  title: text(),
  text: text(),
  language: text(),
  replied_at: instant(),
  author_id: text(),
  order_id: text()
})

export const sources = {
  web: webSource,
  store: storeSource,
  survey: surveySource,
  support: supportSource,
  delivery: deliverySource,
  review: reviewSource
} as const

export type SourceName = keyof typeof sources
export const sourceNames: ReadonlyArray<SourceName> = ["web", "store", "survey", "support", "delivery", "review"]

export const isSourceName = (s: string): s is SourceName => sourceNames.some((n) => n === s)

export interface SourceColumn {
  readonly name: string
  readonly required: boolean
  readonly spec: ColumnSpec
}

/** The columns of a source in contract order, with their specs read from the annotations. */
export const sourceColumns = (source: SourceName): ReadonlyArray<SourceColumn> => {
  const def: SourceDefinition<Fields, Fields> = sources[source]
  const read = (name: string, schema: Schema.Schema.Any, required: boolean): SourceColumn => {
    const spec = schema.ast.annotations[ColumnSpecId]
    if (!isColumnSpec(spec)) throw new Error(`schema field ${source}.${name} has no ColumnSpec annotation`)
    return { name, required, spec }
  }
  return [
    ...Object.entries(def.required).map(([n, s]) => read(n, s, true)),
    ...Object.entries(def.optional).map(([n, s]) => read(n, s, false))
  ]
}

const isColumnSpec = (u: unknown): u is ColumnSpec =>
  typeof u === "object" && u !== null && typeof Reflect.get(u, "kind") === "string"
