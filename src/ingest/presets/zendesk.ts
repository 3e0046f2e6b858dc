/**
 * Zendesk Support as support events, from the streams its API and the Fivetran and Airbyte
 * connectors export: tickets (→ `created`), ticket comments (→ replies), ticket audits (their
 * events: creation, comments, status changes) and Fivetran's ticket field history (status
 * changes). Which stream a file is, is read from its names (or `options.stream`).
 *
 * What one record cannot say is settled across the streams after a run's files are read
 * (sql/ingest/zendesk_events.sql): whether a comment's author is the ticket's requester
 * (`customer_reply`) or not (`agent_reply`), which comment is the ticket's description, whether
 * a status change reopens a solved ticket, and the channel of every event (the ticket's). So the
 * mappings here leave `zendesk:` placeholders in `event_type` for that step.
 * docs/presets/zendesk.md.
 */
import type { FieldSpec } from "../../../schemas/mapping.ts"
import type { PresetContext, PresetMapping } from "./preset.ts"

export const zendeskStreams = ["tickets", "comments", "audits", "ticket_field_history"] as const
export type ZendeskStream = (typeof zendeskStreams)[number]

/** The event types the mappings leave for the cross-stream step. */
export const COMMENT = "zendesk:comment"
/** An audit's change of the requester: read by the step across streams, then left out. */
export const REQUESTER = "zendesk:requester"
export const STATUS_PREFIX = "zendesk:status:"
/** The channel the mappings leave on comments and status changes: the ticket's, set in that step. */
export const TICKET_CHANNEL = "zendesk:ticket"

/**
 * `via.channel` → contract channel (Zendesk's "Via object reference"). Tickets an automation,
 * the system or Zendesk's sample made are no customer contact and have none: they are
 * quarantined naming the value, unless `options.channels` maps it.
 */
export const zendeskChannels: Readonly<Record<string, string>> = {
  email: "email",
  voice: "phone",
  chat: "chat",
  native_messaging: "chat",
  web_widget: "chat",
  mobile_sdk: "chat",
  sms: "chat",
  answer_bot: "chatbot",
  answer_bot_for_agents: "chatbot",
  answer_bot_for_sdk: "chatbot",
  answer_bot_for_slack: "chatbot",
  answer_bot_for_web_widget: "chatbot",
  answer_bot_api: "chatbot",
  twitter: "social",
  facebook: "social",
  instagram_dm: "social",
  whatsapp: "social",
  line: "social",
  wechat: "social",
  any_channel: "social",
  web: "form",
  help_center: "form",
  mobile: "form",
  api: "form",
  forum: "form"
}

// Ids are integers, but some connectors write them as floats ("123.0"); both read as "123".
const INTEGER = String.raw`^\s*(\d+)(?:\.0*)?\s*$`
const id = (...names: ReadonlyArray<string>): FieldSpec => ({ coalesce: names.map((n) => `${n}?`), pattern: INTEGER })
const prefixedId = (prefix: string, name: string): FieldSpec => ({
  template: `${prefix}{${name}}`,
  pattern: `^(${prefix}\\d+)(?:\\.0*)?$`
})
const channelValues = (options: Readonly<Record<string, unknown>>) => ({ ...zendeskChannels, ...(options["channels"] as Record<string, string> | undefined) })
const channel = (options: Readonly<Record<string, unknown>>, ...names: ReadonlyArray<string>): FieldSpec => ({
  coalesce: names.map((n) => `${n}?`),
  case: "lower",
  values: channelValues(options)
})
const TRUE = ["true", "True", "TRUE", "t", "1"]

/** The stream a file holds: named in the options, else told by its column or key names (Parquet: by its file name). */
export const zendeskStream = (context: PresetContext): ZendeskStream => {
  const named = context.options["stream"]
  if (typeof named === "string" && (zendeskStreams as ReadonlyArray<string>).includes(named)) return named as ZendeskStream
  const names = context.headNames()
  if (names.size === 0) {
    // a Parquet file's names are not read here: its name tells, as the connectors name their tables
    const file = (context.sourcePath.split("/").pop() ?? "").toLowerCase()
    if (file.includes("field_history")) return "ticket_field_history"
    if (file.includes("audit")) return "audits"
    if (file.includes("comment")) return "comments"
    return "tickets"
  }
  const has = (...ns: ReadonlyArray<string>) => ns.every((n) => names.has(n))
  if (has("ticket_id", "events")) return "audits"
  if (has("ticket_id", "field_name", "value")) return "ticket_field_history"
  if (has("ticket_id", "public")) return "comments"
  return "tickets"
}

export const zendesk = (context: PresetContext): PresetMapping => {
  const options = context.options
  const names = context.headNames()
  // an API response saved as it came ({"tickets": [...], "next_page": ...}) is one document
  const documentOf = (key: string) => (names.has(key) ? { json: { records: `$.${key}` } } : {})
  // API and Airbyte: ISO-8601 with Z; Fivetran: UTC without offset; some exports: epoch seconds
  const timestamps = { timezone: "UTC", unit: "s" } as const
  switch (zendeskStream(context)) {
    case "tickets": {
      // A CSV of Airbyte's tickets table keeps `via` as one cell of JSON text, where a path
      // finds nothing: its channel and sender are taken from that text.
      const viaText = /\.(csv|tsv)(\.gz)?$/i.test(context.sourcePath) && names.has("via") && !names.has("via_channel")
      return {
        ...documentOf("tickets"),
        timestamps,
        fields: {
          event_id: prefixedId("created:", "id"),
          occurred_at: "created_at",
          ticket_id: id("id"),
          event_type: { const: "created" },
          channel: viaText
            ? { column: "via", pattern: '"channel"\\s*:\\s*"([^"]*)"', case: "lower", values: channelValues(options) }
            : channel(options, "$.via.channel", "via_channel"),
          // The requester's Zendesk user id, prefixed: it links all tickets of one requester and
          // tells their comments from the agents'; never taken for an id of your CRM.
          customer_id: prefixedId("zendesk:", "requester_id"),
          // the sender of a ticket that came by e-mail
          email: viaText
            ? { column: "via", pattern: '"from"\\s*:\\s*\\{[^{}]*"address"\\s*:\\s*"([^"]*)"' }
            : { coalesce: ["$.via.source.from.address?", "via_source_from_address?"] },
          priority: "priority?"
        },
        // the incremental export lists deleted tickets too (status "deleted", subject SCRUBBED):
        // no contact to count any more
        filter: { column: "status?", notIn: ["deleted"] }
      }
    }
    case "comments":
      return {
        ...documentOf("comments"),
        timestamps,
        fields: {
          event_id: prefixedId("comment:", "id"),
          occurred_at: { coalesce: ["created_at?", "created?"] },
          ticket_id: id("ticket_id"),
          event_type: { const: COMMENT },
          channel: { const: TICKET_CHANNEL },
          agent_id: id("author_id", "user_id")
        },
        // internal notes are the team's, not the customer's conversation
        filter: { column: "public", in: TRUE }
      }
    case "audits":
      return {
        json: { ...documentOf("audits").json, unnest: "events" },
        timestamps,
        fields: {
          occurred_at: "$.created_at",
          ticket_id: id("$.ticket_id"),
          channel: { const: TICKET_CHANNEL }
        },
        explode: [
          {
            // the audit that created the ticket sets each field once; its requester is the customer
            fields: {
              event_id: prefixedId("created:", "$.ticket_id"),
              event_type: { const: "created" },
              channel: channel(options, "$.via.channel"),
              customer_id: prefixedId("zendesk:", "$.events.value"),
              email: "$.via.source.from.address?"
            },
            filter: [{ path: "$.events.type", in: ["Create"] }, { path: "$.events.field_name", in: ["requester_id"] }]
          },
          {
            fields: {
              event_id: prefixedId("comment:", "$.events.id"),
              event_type: { const: COMMENT },
              agent_id: id("$.events.author_id")
            },
            // a comment on a ticket from a Facebook page is an event of its own type
            filter: [{ path: "$.events.type", in: ["Comment", "VoiceComment", "FacebookComment"] }, { path: "$.events.public", in: TRUE }]
          },
          {
            fields: {
              event_id: prefixedId("status:", "$.events.id"),
              event_type: { template: `${STATUS_PREFIX}{$.events.value}` }
            },
            filter: [{ path: "$.events.type", in: ["Change"] }, { path: "$.events.field_name", in: ["status"] }]
          },
          {
            // a requester set after creation (an agent forwards a customer's e-mail, then makes
            // the customer the requester): the ticket's customer is the latest requester
            fields: {
              event_id: prefixedId("requester:", "$.events.id"),
              event_type: { const: REQUESTER },
              customer_id: prefixedId("zendesk:", "$.events.value")
            },
            filter: [{ path: "$.events.type", in: ["Change"] }, { path: "$.events.field_name", in: ["requester_id"] }]
          }
        ]
      }
    case "ticket_field_history":
      return {
        timestamps,
        fields: {
          // the table has no id of a change: the change itself is its identity
          event_id: { hash: ["ticket_id", "field_name", "value", "updated"] },
          occurred_at: "updated",
          ticket_id: id("ticket_id"),
          event_type: { template: `${STATUS_PREFIX}{value}` },
          channel: { const: TICKET_CHANNEL }
        },
        filter: { column: "field_name", in: ["status"] }
      }
  }
}
