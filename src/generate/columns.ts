/**
 * The shape of every generated file: columns per source in contract order (required first) and
 * the value types the simulation hands to the writers. Instants and money stay structured until
 * a writer formats them, because the textual form depends on the file (epoch, offset, 2 places).
 */

export const SOURCES = ["web", "store", "survey", "support", "delivery", "review"] as const
export type SourceName = (typeof SOURCES)[number]

export type ColumnType = "text" | "number" | "instant"

export interface Column {
  readonly name: string
  readonly type: ColumnType
  readonly required: boolean
}

const req = (name: string, type: ColumnType = "text"): Column => ({ name, type, required: true })
const opt = (name: string, type: ColumnType = "text"): Column => ({ name, type, required: false })

export const COLUMNS: Readonly<Record<SourceName, ReadonlyArray<Column>>> = {
  web: [
    req("event_id"), req("occurred_at", "instant"), req("anonymous_id"), req("event_type"),
    opt("customer_id"), opt("email"), opt("page_url"), opt("referrer"), opt("utm_source"), opt("utm_medium"),
    opt("utm_campaign"), opt("utm_content"), opt("utm_term"), opt("device_type"), opt("order_id"),
    opt("revenue", "number"), opt("currency")
  ],
  store: [
    req("event_id"), req("occurred_at", "instant"), req("store_id"), req("event_type"),
    opt("loyalty_id"), opt("customer_id"), opt("email"), opt("phone"), opt("order_id"), opt("revenue", "number"),
    opt("currency"), opt("coupon_code")
  ],
  survey: [
    req("event_id"), req("occurred_at", "instant"), req("survey_type"), req("score", "number"),
    opt("customer_id"), opt("email"), opt("loyalty_id"), opt("touchpoint"), opt("channel"), opt("store_id"),
    opt("order_id"), opt("ticket_id"), opt("comment"), opt("language")
  ],
  support: [
    req("event_id"), req("occurred_at", "instant"), req("ticket_id"), req("event_type"), req("channel"),
    opt("customer_id"), opt("email"), opt("phone"), opt("contact_reason"), opt("order_id"), opt("agent_id"),
    opt("priority")
  ],
  delivery: [
    req("event_id"), req("occurred_at", "instant"), req("order_id"), req("event_type"),
    opt("promised_at", "instant"), opt("service"), opt("store_id"), opt("customer_id"), opt("email")
  ],
  review: [
    req("event_id"), req("occurred_at", "instant"), req("platform"), req("rating", "number"),
    opt("store_id"), opt("title"), opt("text"), opt("language"), opt("replied_at", "instant"), opt("author_id"), opt("order_id")
  ]
}

export const EVENT_ID_PREFIX: Readonly<Record<SourceName, string>> = {
  web: "w",
  store: "s",
  survey: "sv",
  support: "su",
  delivery: "d",
  review: "r"
}

export const WEB_EVENT_TYPES = [
  "page_view", "product_view", "search", "add_to_cart", "checkout", "purchase", "store_locator", "help_view", "signup", "app_open"
] as const
export const STORE_EVENT_TYPES = ["visit", "purchase", "return", "coupon_redeemed"] as const
export const SURVEY_TYPES = ["nps", "csat", "ces"] as const
export const SUPPORT_EVENT_TYPES = ["created", "agent_reply", "customer_reply", "bot_reply", "solved", "reopened", "closed"] as const
export const SUPPORT_CHANNELS = ["email", "phone", "chat", "chatbot", "social", "form"] as const
export const DELIVERY_EVENT_TYPES = ["ordered", "dispatched", "delivered", "failed"] as const
export const REVIEW_PLATFORMS = ["google", "trustpilot", "facebook", "app_store"] as const
export const SCORE_RANGES: Readonly<Record<(typeof SURVEY_TYPES)[number], readonly [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7]
}

/** An instant; `local` renders it in Berlin local time with its offset instead of `Z`. */
export interface Instant {
  readonly kind: "instant"
  readonly ms: number
  readonly local: boolean
}

/** An amount in cents, so it is always written with exactly two decimal places. */
export interface Money {
  readonly kind: "money"
  readonly cents: number
}

export type Cell = string | number | Instant | Money

export const instant = (ms: number, local = false): Instant => ({ kind: "instant", ms, local })
export const money = (cents: number): Money => ({ kind: "money", cents: Math.round(cents) })

/** Field values of one event, keyed by column name; absent keys are written as null / omitted. */
export type Cells = { readonly [column: string]: Cell | undefined }

/** An event waiting in the day buffer; ids are assigned at write time in time order. */
export interface PendingEvent {
  readonly at: number
  /** Render occurred_at in Berlin local time with offset. */
  readonly local: boolean
  readonly entity: number
  readonly seq: number
  readonly cells: Cells
}

export const FORMATS = ["ndjson", "ndjson.gz", "jsonl", "jsonl.gz", "csv", "csv.gz", "parquet", "arrow", "arrows"] as const
export type FileFormat = (typeof FORMATS)[number]
