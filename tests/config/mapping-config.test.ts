import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { decodeConfig } from "../../src/config/load-config.ts"

const decode = (input: unknown) => Effect.runPromise(Effect.either(decodeConfig(input, "c.json")))
const store = (entry: Record<string, unknown>) => ({ sources: { store: { files: [{ match: "*.csv", ...entry }] } } })

describe("source mappings in the configuration", () => {
  it("accepts the contract's till example", async () => {
    const result = await decode(store({
      csv: { delimiter: ";", decimal: ",", encoding: "windows-1252", skipRows: 2 },
      timestamps: { format: "%d.%m.%Y %H:%M", timezone: "Europe/Berlin" },
      fields: { event_id: { template: "{Filiale}-{Bon-Nr}" }, occurred_at: "Zeitpunkt", store_id: "Filiale", event_type: { column: "Vorgang", values: { Verkauf: "purchase" } } },
      filter: { column: "Vorgang", notIn: ["Training"] }
    }))
    expect(result._tag).toBe("Right")
  })

  it("stops with one line naming the key for each kind of mistake", async () => {
    const cases: Array<[unknown, string]> = [
      [store({ feilds: {} }), "c.json: config key 'sources.store.files.0.feilds' is not a known key (check its spelling)"],
      [{ sources: { shop: { files: [] } } }, "c.json: config key 'sources.shop' is not a known key (check its spelling)"],
      [store({ fields: { rating: "Sterne" } }), "c.json: config key 'sources.store.files.0' fields.rating is not a store field; store has event_id, occurred_at, store_id, event_type, loyalty_id, customer_id, email, phone, order_id, revenue, currency, coupon_code"],
      [store({ match: "kasse/[a-" }), "c.json: config key 'sources.store.files.0.match' is not a valid glob"],
      [store({ csv: { encoding: "ebcdic" } }), `c.json: config key 'sources.store.files.0.csv.encoding' must be one of "utf-8", "windows-1252", "iso-8859-1", "iso-8859-15", "utf-16", "utf-8-bom", "latin-1", "cp1252", "utf8"`],
      [store({ csv: { delimiter: ":" } }), `c.json: config key 'sources.store.files.0.csv.delimiter' must be one of ",", ";", "\\t", "|", "auto"`],
      [store({ fields: { revenue: { column: "Umsatz", unit: "s" } } }), "c.json: config key 'sources.store.files.0' fields.revenue.unit applies only to timestamps (revenue is money)"],
      [store({ fields: { store_id: { column: "Filiale", scale: 2 } } }), "c.json: config key 'sources.store.files.0' fields.store_id.scale applies only to numbers (store_id is text)"],
      [store({ fields: { store_id: { column: "a", const: "b" } } }), "c.json: config key 'sources.store.files.0.fields.store_id' must have exactly one of column, path, const, template, hash, coalesce (found column, const)"],
      [store({ fields: { occurred_at: { column: "t", timezone: "Mars/Olympus" } } }), `c.json: config key 'sources.store.files.0.fields.occurred_at.timezone' unknown IANA time zone "Mars/Olympus" (e.g. Europe/Berlin, UTC)`],
      [store({ timestamps: { format: "dd.mm.yyyy" } }), `c.json: config key 'sources.store.files.0.timestamps.format' must be a strptime pattern such as "%d.%m.%Y %H:%M"`],
      [store({ filter: { column: "Vorgang" } }), "c.json: config key 'sources.store.files.0.filter' must have exactly one of in, notIn"],
      [store({ fields: { order_id: "$.a..b" } }), "c.json: config key 'sources.store.files.0.fields.order_id' \"$.a..b\" is not a column name or a valid JSON path"],
      [store({ preset: "ga4" }), "c.json: config key 'sources.store.files.0' preset ga4 loads web events, not store: put these files under web/"],
      [store({ preset: "adobe" }), "c.json: config key 'sources.store.files.0.preset' must be one of \"ga4\", \"segment\""],
      [store({ options: { a: 1 } }), "c.json: config key 'sources.store.files.0' options apply only to a preset"],
      [store({ fields: { store_id: { column: "a", pattern: "[a-z]+" } } }), "c.json: config key 'sources.store.files.0.fields.store_id.pattern' must have one capturing group"],
      [{ ingest: { minTimestamp: "2000-13-01" } }, "c.json: config key 'ingest.minTimestamp' must be a real date"]
    ]
    for (const [input, message] of cases) {
      const result = await decode(input)
      expect(result._tag).toBe("Left")
      if (result._tag === "Left") expect(result.left.message.split("\n")).toHaveLength(1)
      if (result._tag === "Left") expect(result.left.message).toContain(message)
    }
  })
})

describe("preset options", () => {
  it("are checked at start: an unknown option or value stops with one line", async () => {
    const web = (entry: Record<string, unknown>) => ({ sources: { web: { files: [{ match: "**", ...entry }] } } })
    const survey = (entry: Record<string, unknown>) => ({ sources: { survey: { files: [{ match: "**", ...entry }] } } })
    const support = (entry: Record<string, unknown>) => ({ sources: { support: { files: [{ match: "**", ...entry }] } } })
    const cases: Array<[unknown, string]> = [
      [web({ preset: "segment", options: { revenue: "Revenue" } }), `c.json: config key 'sources.web.files.0' options.revenue must be one of "total", "revenue" (docs/presets/segment.md)`],
      [web({ preset: "ga4", options: { x: 1 } }), "c.json: config key 'sources.web.files.0' options.x is not an option of this preset (it takes none; docs/presets/ga4.md)"],
      [survey({ preset: "qualtrics", options: { timezone: "Mars/Base" } }), `c.json: config key 'sources.survey.files.0' options.timezone unknown IANA time zone "Mars/Base"`],
      [support({ preset: "zendesk", options: { stream: "users" } }), `c.json: config key 'sources.support.files.0' options.stream must be one of "tickets", "comments", "audits", "ticket_field_history" (docs/presets/zendesk.md)`],
      [support({ preset: "zendesk", options: { channels: { rule: "automation" } } }), `c.json: config key 'sources.support.files.0' options.channels.rule must be one of "email", "phone", "chat", "chatbot", "social", "form"`],
      [support({ json: { unnest: "events[*]" } }), "c.json: config key 'sources.support.files.0.json.unnest' must be a plain key name (letters, digits, _)"],
      [support({ json: {} }), "c.json: config key 'sources.support.files.0.json' needs records, root or unnest"]
    ]
    for (const [input, message] of cases) {
      const result = await decode(input)
      expect(result._tag === "Left" ? result.left.message : "decoded", String(message)).toContain(message)
    }
    expect((await decode(survey({ preset: "qualtrics", options: { csat: ["Q3"], timezone: "Europe/Berlin" } })))._tag).toBe("Right")
    expect((await decode(support({ preset: "zendesk", options: { stream: "comments", channels: { rule: "form" } } })))._tag).toBe("Right")
  })
})
