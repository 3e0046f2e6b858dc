/**
 * Segment (and RudderStack, same spec) messages as web events: the raw JSON messages (track,
 * page, identify; nested `context`) or their warehouse tables (flattened snake_case columns).
 * Each field reads the nested name first, then the flattened one. docs/presets/segment.md.
 */
import type { ConditionalRef, FieldSpec, FilterRule } from "../../../schemas/mapping.ts"
import type { PresetContext, PresetMapping } from "./preset.ts"

const either = (...names: ReadonlyArray<string>) => ({ coalesce: names.map((n) => `${n}?`) })

/**
 * A line of the HTTP API's batch call (`{"batch": [message, …], "context": {…}, "sentAt": …}`,
 * as a request log keeps it): each message of `batch` is a record, read where the same field of
 * a single message is, below `batch`; the batch's own `context` applies to every message
 * (Segment's HTTP API, "Batch"), key by key where the message's own context leaves one out.
 */
const inBatch = (mapping: PresetMapping): PresetMapping => {
  const optional = (ref: string) => (ref.endsWith("?") ? ref : `${ref}?`)
  const below = (ref: string) => optional(ref.startsWith("$.") ? `$.batch.${ref.slice(2)}` : `$.batch.${ref}`)
  // a message's own value first, then the batch's context
  const refs = (ref: string): ReadonlyArray<string> => (ref.startsWith("$.context.") ? [below(ref), optional(ref)] : [below(ref)])
  const rule = (when: FilterRule): FilterRule => {
    const { column, path, ...test } = when
    return { ...test, path: below(column ?? path ?? "") }
  }
  const entry = (e: string | ConditionalRef): ReadonlyArray<string | ConditionalRef> =>
    typeof e === "string" ? refs(e) : refs(e.from).map((from) => ({ from, when: rule(e.when) }))
  const field = (spec: FieldSpec): FieldSpec => {
    if (typeof spec === "string") return { coalesce: [...refs(spec)] }
    if (spec.coalesce !== undefined) return { ...spec, coalesce: spec.coalesce.flatMap(entry) }
    const { column, path, ...rest } = spec
    if (column !== undefined || path !== undefined) return { ...rest, coalesce: [...refs(column ?? path ?? "")] }
    // a template or a constant would read the envelope, not the message: none of the preset's fields is one
    if (spec.template !== undefined) throw new Error("segment batch: a template field is not read below batch")
    return spec
  }
  return {
    ...mapping,
    json: { unnest: "batch" },
    fields: Object.fromEntries(Object.entries(mapping.fields ?? {}).map(([name, spec]) => [name, field(spec)]))
  }
}

export const segment = (context: PresetContext): PresetMapping => {
  const keys = context.firstRecordKeys()
  return keys.has("batch") && !keys.has("messageId") ? inBatch(messages(context.options)) : messages(context.options)
}

const messages = (options: Readonly<Record<string, unknown>>): PresetMapping => ({
  // warehouse timestamps have no offset and are UTC; message timestamps carry Z
  timestamps: { timezone: "UTC" },
  fields: {
    event_id: either("messageId", "id"),
    occurred_at: either("timestamp", "originalTimestamp", "original_timestamp", "receivedAt", "received_at"),
    // An alias call joins its previousId (the id the user had) to its userId: the previous id is
    // its device. A server-side message may have only a userId: its events then form the device
    // of that user.
    anonymous_id: {
      coalesce: [
        { from: "previousId?", when: { column: "type?", in: ["alias"] } },
        // the warehouse's aliases table; a track event's table may flatten a property of that name
        { from: "previous_id?", when: { column: "event?", in: [""] } },
        "anonymousId?", "anonymous_id?", "userId?", "user_id?"
      ]
    },
    customer_id: either("userId", "user_id"),
    // A group call's traits are the group's (a company's address), not the user's. A warehouse
    // table of one track event flattens its properties into columns, so an `email` column there
    // is a property (a referral's recipient), not the user's: read only where there is no event.
    email: {
      coalesce: [
        { from: "$.traits.email?", when: { column: "type?", notIn: ["group"] } },
        "$.context.traits.email?", { from: "email?", when: { column: "event?", in: [""] } }, "context_traits_email?"
      ]
    },
    event_type: {
      // a track's event name (warehouse: event_text), else the message type (page, screen,
      // identify); RudderStack's screen messages carry the screen's name in `event` too
      coalesce: [{ from: "event?", when: { column: "type?", notIn: ["page", "screen", "identify", "group", "alias"] } }, "event_text?", "type?"],
      values: {
        "Order Completed": "purchase",
        order_completed: "purchase",
        // the names of Segment's first e-commerce spec (v1), still sent by older integrations
        "Completed Order": "purchase",
        completed_order: "purchase",
        "Viewed Product": "product_view",
        viewed_product: "product_view",
        "Searched Products": "search",
        searched_products: "search",
        "Added Product": "add_to_cart",
        added_product: "add_to_cart",
        "Started Order": "checkout",
        started_order: "checkout",
        "Product Viewed": "product_view",
        product_viewed: "product_view",
        "Products Searched": "search",
        products_searched: "search",
        "Product Added": "add_to_cart",
        product_added: "add_to_cart",
        "Checkout Started": "checkout",
        checkout_started: "checkout",
        "Signed Up": "signup",
        signed_up: "signup",
        page: "page_view",
        "Application Opened": "app_open",
        application_opened: "app_open"
      }
    },
    page_url: either("$.context.page.url", "$.properties.url", "context_page_url", "url"),
    referrer: either("$.context.page.referrer", "$.properties.referrer", "context_page_referrer", "referrer"),
    utm_source: either("$.context.campaign.source", "context_campaign_source"),
    utm_medium: either("$.context.campaign.medium", "context_campaign_medium"),
    utm_campaign: either("$.context.campaign.name", "context_campaign_name"),
    utm_content: either("$.context.campaign.content", "context_campaign_content"),
    utm_term: either("$.context.campaign.term", "context_campaign_term"),
    device_type: either("$.context.device.type", "context_device_type"),
    // v1's name orderId (Completed Order) too
    order_id: either("$.properties.order_id", "$.properties.orderId", "order_id", "orderid"),
    // "Order Completed": total includes shipping and tax, revenue does not (option revenue: "revenue")
    revenue: options["revenue"] === "revenue"
      ? either("$.properties.revenue", "revenue", "$.properties.total", "total")
      : either("$.properties.total", "total", "$.properties.revenue", "revenue"),
    currency: either("$.properties.currency", "currency")
  }
})
