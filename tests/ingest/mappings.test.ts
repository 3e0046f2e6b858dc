import { DuckDBInstance } from "@duckdb/node-api"
import { cpSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { writeArrow } from "../support/convert.ts"
import { ingestFolder, ingestInbox, writeInbox } from "../support/ingest.ts"
import { tempDir } from "../support/temp.ts"

const fixture = (name: string) => {
  const inbox = join(tempDir(), "inbox")
  cpSync(join(import.meta.dirname, "..", "fixtures", name), inbox, { recursive: true })
  return inbox
}

// The contract's section 6 example, for the till export in tests/fixtures/mappings/store/kasse:
// windows-1252, ';', decimal comma with '.' thousands, two lines before the header, CR LF.
const till = {
  store: {
    files: [{
      match: "kasse/**/*.csv",
      csv: { delimiter: ";", decimal: ",", encoding: "windows-1252", skipRows: 2 },
      timestamps: { format: "%d.%m.%Y %H:%M", timezone: "Europe/Berlin" },
      fields: {
        event_id: { template: "{Filiale}-{Bon-Nr}" },
        occurred_at: "Zeitpunkt",
        store_id: "Filiale",
        event_type: { column: "Vorgang", values: { Verkauf: "purchase", Besuch: "visit" } },
        loyalty_id: "Kundenkarte",
        order_id: "Bon-Nr",
        revenue: "Umsatz",
        coupon_code: "Gutschein"
      },
      filter: { column: "Vorgang", notIn: ["Training"] }
    }]
  }
}

// tests/fixtures/mappings/web/app/events.ndjson: nested keys, epoch seconds, cents.
const app = {
  web: {
    files: [{
      match: "app/*.ndjson",
      timestamps: { unit: "s" },
      fields: {
        event_id: "id",
        occurred_at: "ts",
        anonymous_id: "$.user.anon",
        customer_id: "$.user.login",
        event_type: { column: "type", values: { "Page Viewed": "page_view", "Order Completed": "purchase" } },
        page_url: "$.ctx.page.url",
        referrer: "$.ctx.page.referrer",
        utm_source: "$.ctx.campaign.source",
        utm_medium: "$.ctx.campaign.medium",
        order_id: "$.props.order",
        revenue: { path: "$.props.total_cents", scale: 0.01 }
      },
      filter: { path: "$.type", notIn: ["Heartbeat"] }
    }]
  }
}

describe("a German till export through a mapping", () => {
  it("reads a coalesce entry only where its condition holds", async () => {
    // a CSV whose Kind says what Name holds: the event type of a Click, the page of a View
    const sources = {
      web: {
        files: [{
          match: "clicks.csv",
          fields: {
            event_id: "Id",
            occurred_at: "At",
            anonymous_id: "Device",
            event_type: { coalesce: [{ from: "Name", when: { column: "Kind", in: ["Click"] } }, "Kind"] }
          }
        }]
      }
    }
    const { events, result } = await ingestInbox({
      "web/clicks.csv": "Id,At,Device,Kind,Name\n1,2026-03-01T10:00:00Z,d1,Click,add_to_cart\n2,2026-03-01T10:01:00Z,d1,View,/home\n3,2026-03-01T10:02:00Z,d1,Click,\n"
    }, { sources })
    expect(result.files[0]).toMatchObject({ rowsRead: 3, accepted: 3 })
    expect(events["web"]?.map((e) => [e["event_id"], e["event_type"]])).toEqual([["1", "add_to_cart"], ["2", "View"], ["3", "Click"]])
  })

  it("reconciles: rows read = accepted + quarantined + duplicates + filtered", async () => {
    const { result } = await ingestFolder(fixture("mappings"), { sources: till })
    const file = result.files.find((f) => f.path === "store/kasse/2026-03/bons.csv")
    // 6 data lines: 3 accepted, Storno and 31.02. quarantined, Training filtered
    expect(file).toMatchObject({ status: "loaded", rowsRead: 6, accepted: 3, quarantined: 2, duplicates: 0, filtered: 1 })
    expect(file?.mapping).toBe('sources.store.files[0] (match "kasse/**/*.csv")')
    expect(result.sources.store).toEqual({ read: 6, accepted: 3, quarantined: 2, duplicates: 0, filtered: 1, suppressed: 0 })
  })

  it("maps every field: template ids, Berlin local times to UTC (also across the DST change), decimal commas, windows-1252 text", async () => {
    const { events } = await ingestFolder(fixture("mappings"), { sources: till })
    expect(events["store"]?.map((r) => [r["row_number"], r["event_id"], r["at"], r["event_type"], r["store_id"], r["loyalty_id"], r["order_id"], r["revenue"], r["coupon_code"]])).toEqual([
      // line 4: 01.03. 10:15 CET = 09:15 UTC; 1.234,50 = 1234.50; € is 0x80 in windows-1252
      ["4", "Köln-01-1001", "2026-03-01T09:15:00.000000Z", "purchase", "Köln-01", "K-77", "1001", "1234.5000", "5€-Rabatt"],
      ["5", "Köln-01-1002", "2026-03-01T09:20:00.000000Z", "visit", "Köln-01", null, "1002", null, null],
      // line 9: 29.03. 03:30 is summer time (UTC+2) since 02:00 that night
      ["9", "Köln-02-1001", "2026-03-29T01:30:00.000000Z", "purchase", "Köln-02", "K-79", "1001", "2.5000", null]
    ])
  })

  it("quarantines a value the mapping does not map with the raw value, and a date that does not fit the format", async () => {
    const { quarantine } = await ingestFolder(fixture("mappings"), { sources: till })
    const store = quarantine.filter((q) => String(q["file"]).startsWith("store/"))
    expect(store.map((q) => [q["row_number"], q["rule"]])).toEqual([["7", "enum:event_type"], ["8", "type:occurred_at"]])
    expect(store[0]?.["message"]).toContain("'Storno'")
    expect(store[1]?.["message"]).toBe("occurred_at '31.02.2026 10:35' does not match the format %d.%m.%Y %H:%M")
  })
})

describe("a nested NDJSON web export through a mapping", () => {
  it("reads JSON paths, epoch seconds and cents, and leaves filtered rows out", async () => {
    const { result, events } = await ingestFolder(fixture("mappings"), { sources: app })
    expect(result.sources.web).toEqual({ read: 5, accepted: 2, quarantined: 2, duplicates: 0, filtered: 1, suppressed: 0 })
    expect(events["web"]?.map((r) => [r["row_number"], r["event_id"], r["at"], r["anonymous_id"], r["customer_id"], r["event_type"], r["page_url"], r["referrer"], r["utm_source"], r["utm_medium"], r["order_id"], r["revenue"]])).toEqual([
      // 1772359200 s = 2026-03-01T10:00:00Z
      ["1", "e1", "2026-03-01T10:00:00.000000Z", "a1", null, "page_view", "https://shop.example/p/1", "https://www.google.com/", "newsletter", "email", null, null],
      ["2", "e2", "2026-03-01T10:01:00.000000Z", "a1", "c9", "purchase", "https://shop.example/checkout", null, null, null, "o1", "49.9900"]
    ])
  })

  it("quarantines milliseconds read as seconds, naming the unit they look like", async () => {
    const { quarantine } = await ingestFolder(fixture("mappings"), { sources: app })
    const web = quarantine.filter((q) => String(q["file"]).startsWith("web/"))
    expect(web.map((q) => [q["row_number"], q["rule"]])).toEqual([["3", "range:occurred_at"], ["5", "required:anonymous_id"]])
    expect(web[0]?.["message"]).toContain('the values look like epoch milliseconds: set "unit": "ms"')
    // the raw line, as the user's file has it
    expect(web[0]?.["raw"]).toBe('{"id":"e3","ts":1772359260123,"user":{"anon":"a2"},"type":"Page Viewed"}')
  })

  it("leaves files the mapping does not match to the contract", async () => {
    const inbox = writeInbox({
      "web/other/day.ndjson": `{"event_id":"c1","occurred_at":"2026-03-01T10:00:00Z","anonymous_id":"z","event_type":"page_view"}\n`
    }, fixture("mappings"))
    const { result } = await ingestFolder(inbox, { sources: app })
    expect(result.files.find((f) => f.path === "web/other/day.ndjson")).toMatchObject({ accepted: 1, mapping: null })
  })
})

describe("mapping keys", () => {
  it("const, hash, coalesce and values mapping to null", async () => {
    const csv = "Stars,When,Author,Alias,Body\n5,2026-03-01T10:00:00Z,ann,,Fine\n4,2026-03-01T11:00:00Z,,bob,Ok\nn/a,2026-03-01T12:00:00Z,cy,,\n"
    const { events, quarantine } = await ingestInbox({ "review/t/r.csv": csv }, {
      sources: {
        review: {
          files: [{
            match: "t/*.csv",
            fields: {
              event_id: { hash: ["When", "Author", "Alias"] },
              occurred_at: "When",
              platform: { const: "trustpilot" },
              rating: { column: "Stars", values: { "n/a": null } },
              author_id: { coalesce: ["Author", "Alias"] },
              text: "Body"
            }
          }]
        }
      }
    })
    const rows = events["review"] ?? []
    expect(rows.map((r) => [r["platform"], r["rating"], r["author_id"], r["text"]])).toEqual([
      ["trustpilot", 5, "ann", "Fine"],
      ["trustpilot", 4, "bob", "Ok"]
    ])
    // the hash is the hex sha256 of the JSON array of the values, so it is the same in any tool
    const { createHash } = await import("node:crypto")
    expect(rows[0]?.["event_id"]).toBe(createHash("sha256").update('["2026-03-01T10:00:00Z","ann",null]').digest("hex"))
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["4", "required:rating"]])
  })

  it("an auto delimiter, extra header rows, thousands separators and a field's own time zone", async () => {
    const csv = [
      "id|ts|store|type|amount",
      "Id|Timestamp|Store|Type|Amount",
      "s1|2026-03-01 10:00|S|purchase|1,234.5",
      "s2|2026-03-01 10:00:00+01:00|S|visit|",
      ""
    ].join("\n")
    const { events } = await ingestInbox({ "store/pipe.csv": csv }, {
      sources: {
        store: {
          files: [{
            match: "*.csv",
            csv: { delimiter: "auto", headerRows: 1, thousands: "," },
            fields: {
              event_id: "id", occurred_at: { column: "ts", timezone: "UTC" }, store_id: "store", event_type: "type",
              order_id: "id", revenue: "amount"
            }
          }]
        }
      }
    })
    // line 3: a local time read in UTC (not Berlin); line 4 keeps its offset
    expect(events["store"]?.map((r) => [r["row_number"], r["event_id"], r["at"], r["revenue"]])).toEqual([
      ["3", "s1", "2026-03-01T10:00:00.000000Z", "1234.5000"],
      ["4", "s2", "2026-03-01T09:00:00.000000Z", null]
    ])
  })

  it("UTF-16 with a byte-order mark and ISO-8859-15", async () => {
    const rows = "event_id,occurred_at,platform,rating,text\nr1,2026-03-01T10:00:00Z,google,5,Très bien €\n"
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows, "utf16le")])
    // ISO-8859-15 has € at 0xA4
    const latin9 = Buffer.from(rows.replace("r1", "r2").replace("€", "\u00a4"), "latin1")
    const mapping = (match: string, encoding: string) => ({ match, csv: { encoding } })
    const { events, result } = await ingestInbox({ "review/a.csv": utf16, "review/b.csv": latin9 }, {
      sources: { review: { files: [mapping("a.csv", "utf-16"), mapping("b.csv", "iso-8859-15")] } }
    })
    expect(result.sources.review).toMatchObject({ read: 2, accepted: 2 })
    expect(events["review"]?.map((r) => r["text"])).toEqual(["Très bien €", "Très bien €"])
  })

  it("UTF-16 with its byte-order mark needs no encoding; a windows-1252 file with LF line ends, read as UTF-8, says to set csv.encoding", async () => {
    const rows = "event_id,occurred_at,platform,rating,text\nr1,2026-03-01T10:00:00Z,google,5,Très bien €\n"
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows, "utf16le")])
    const cp1252 = Buffer.from(rows.replace("r1", "r2").replace("€", ""), "latin1")
    const { events, result } = await ingestInbox({ "review/a.csv": utf16, "review/b.csv": cp1252 })
    expect(result.files.map((f) => [f.path, f.status, f.accepted]).sort()).toEqual([["review/a.csv", "loaded", 1], ["review/b.csv", "unreadable", 0]])
    expect(events["review"]?.map((r) => r["text"])).toEqual(["Très bien €"])
    expect(result.files.find((f) => f.path === "review/b.csv")?.message).toMatch(/^cannot be read as CSV: .*CSV Error on Line: 2; the file is not UTF-8: set csv\.encoding in its mapping \(e\.g\. windows-1252\)$/)
  })

  it("a minus after an amount (12,50-, as accounting exports write it) is a negative amount; a decimal comma the mapping does not name is quarantined with a hint", async () => {
    const tillLines = (rows: ReadonlyArray<string>) => ["Bon;Zeit;Art;Betrag", ...rows, ""].join("\n")
    const mapped = {
      match: "kasse/*.csv",
      csv: { delimiter: ";", decimal: "," },
      fields: { event_id: "Bon", occurred_at: "Zeit", store_id: { const: "s1" }, event_type: "Art", order_id: "Bon", revenue: "Betrag" }
    }
    const { events, quarantine } = await ingestInbox({
      "store/kasse/a.csv": tillLines(["1;2026-03-01T10:00:00Z;return;12,50-", "2;2026-03-01T10:01:00Z;return;1.234,50-", "3;2026-03-01T10:02:00Z;purchase;3,80", "4;2026-03-01T10:03:00Z;return;-2,00", "5;2026-03-01T10:04:00Z;return;1-2,00"]),
      "store/b.csv": "event_id,occurred_at,store_id,event_type,order_id,revenue\nb1,2026-03-01T10:00:00Z,s1,purchase,b1,\"12,50\"\n"
    }, { sources: { store: { files: [mapped] } } })
    expect(events["store"]?.map((e) => [e["event_id"], e["revenue"]])).toEqual([["1", "-12.5000"], ["2", "-1234.5000"], ["3", "3.8000"], ["4", "-2.0000"]])
    expect(quarantine.map((q) => [q["file"], q["row_number"], q["rule"], q["message"]])).toEqual([
      ["store/b.csv", "2", "type:revenue", `revenue '12,50' is not a decimal number; a decimal comma? set csv.decimal to "," in its mapping`],
      ["store/kasse/a.csv", "6", "type:revenue", "revenue '1-2.00' is not a decimal number"]
    ])
  })

  it("csv.nullValues: MySQL's \\N is no value, not an id that every row shares", async () => {
    const csv = "event_id,occurred_at,anonymous_id,customer_id,event_type,utm_source\nw1,2026-03-01T10:00:00Z,v1,\\N,page_view,\\N\nw2,2026-03-01T10:01:00Z,v2,c-7,page_view,news\n"
    const read = (nullValues?: ReadonlyArray<string>) =>
      ingestInbox({ "web/db/actions.csv": csv }, { sources: { web: { files: [{ match: "db/*.csv", ...(nullValues === undefined ? {} : { csv: { nullValues } }) }] } } })
    const plain = await read()
    expect(plain.events["web"]?.map((e) => [e["event_id"], e["customer_id"], e["utm_source"]])).toEqual([["w1", "\\N", "\\N"], ["w2", "c-7", "news"]])
    const mapped = await read(["\\N"])
    expect(mapped.events["web"]?.map((e) => [e["event_id"], e["customer_id"], e["utm_source"]])).toEqual([["w1", null, null], ["w2", "c-7", "news"]])
  })

  it("nested Parquet columns by path, and unit us", async () => {
    const inbox = writeInbox({ "web/.keep": "" })
    const instance = await DuckDBInstance.create(":memory:")
    const con = await instance.connect()
    await con.run(`copy (
  select 'p1' as event_id, 1772359200123456::bigint as event_timestamp, 'd1' as user_pseudo_id,
    {'transaction_id': 'T1', 'purchase_revenue': 12.5} as ecommerce,
    [{'key': 'page_location', 'value': {'string_value': 'https://shop.example/'}}] as event_params, 'purchase' as event_name
) to $dst (format parquet)`, { dst: join(inbox, "web", "ga.parquet") })
    con.closeSync()
    instance.closeSync()
    const { events } = await ingestFolder(inbox, {
      sources: {
        web: {
          files: [{
            match: "*.parquet",
            fields: {
              event_id: "event_id", occurred_at: { column: "event_timestamp", unit: "us" }, anonymous_id: "user_pseudo_id",
              event_type: "event_name", order_id: "$.ecommerce.transaction_id", revenue: "$.ecommerce.purchase_revenue",
              page_url: "$.event_params[0].value.string_value"
            }
          }]
        }
      }
    })
    expect(events["web"]?.map((r) => [r["at"], r["order_id"], r["revenue"], r["page_url"]])).toEqual([
      ["2026-03-01T10:00:00.123456Z", "T1", "12.5000", "https://shop.example/"]
    ])
  })

  it("Arrow columns by other names", async () => {
    const inbox = writeInbox({})
    const { mkdirSync } = await import("node:fs")
    mkdirSync(join(inbox, "review"), { recursive: true })
    writeArrow(join(inbox, "review", "r.arrow"), "file", [{ id: "a1", when: "2026-03-01 11:00", stars: "4", site: "google" }])
    const { events } = await ingestFolder(inbox, {
      sources: { review: { files: [{ match: "*.arrow", fields: { event_id: "id", occurred_at: "when", rating: "stars", platform: "site" } }] } }
    })
    // a local time without offset is read in the business time zone (Berlin, UTC+1 in March)
    expect(events["review"]?.map((r) => [r["event_id"], r["at"], r["rating"]])).toEqual([["a1", "2026-03-01T10:00:00.000000Z", 4]])
  })

  it("a file the mapping cannot read is unreadable, naming the mapping and what is missing", async () => {
    const { result } = await ingestInbox({ "store/x.csv": "Filiale;Zeit\nB1;2026\n" }, {
      sources: { store: { files: [{ match: "*.csv", csv: { delimiter: ";" }, fields: { store_id: "Filiale", occurred_at: "Zeit", event_id: "Bon" } }] } }
    })
    expect(result.files[0]?.status).toBe("unreadable")
    expect(result.files[0]?.message).toContain('sources.store.files[0] (match "*.csv")')
    expect(result.files[0]?.message).toContain("column 'Bon' is not in the file")
    expect(result.files[0]?.message).toContain("required field event_type is neither in the mapping's fields nor a column of the file")
  })
})

describe("the contract's own shape", () => {
  it("loads exactly what a mapping naming the required fields by their own columns loads, quarantine included", async () => {
    // (a mapping that names a column the file lacks makes the file unreadable, so only the required ones)
    const { sourceColumns, sourceNames } = await import("../../schemas/sources.ts")
    const identity = Object.fromEntries(sourceNames.map((s) => [s, {
      files: [{ match: "**", fields: Object.fromEntries(sourceColumns(s).filter((c) => c.required).map((c) => [c.name, c.name])) }]
    }]))
    for (const name of ["bad-rows", "formats"]) {
      const plain = await ingestFolder(fixture(name))
      const mapped = await ingestFolder(fixture(name), { sources: identity })
      const withoutLineage = (e: IngestOutcomeEvents) => Object.fromEntries(Object.entries(e).map(([s, rows]) => [s, rows.map(({ file_id: _f, ...r }) => r)]))
      expect(withoutLineage(mapped.events)).toEqual(withoutLineage(plain.events))
      expect(mapped.quarantine.map(({ raw: _raw, ...q }) => q)).toEqual(plain.quarantine.map(({ raw: _raw, ...q }) => q))
      expect(mapped.result.sources).toEqual(plain.result.sources)
      expect(plain.result.files.every((f) => f.mapping === null)).toBe(true)
    }
  })
})

type IngestOutcomeEvents = Awaited<ReturnType<typeof ingestFolder>>["events"]

describe("filters", () => {
  it("an empty string in a filter's list stands for an empty or missing value", async () => {
    // order lines of one order: only the first carries the order's total
    const csv = "Name,Created at,Total,Lineitem name\n#1001,2026-03-01T10:00:00Z,30.00,Shirt\n#1001,2026-03-01T10:00:00Z,,Socks\n#1002,2026-03-01T11:00:00Z,12.00,Cap\n"
    const { result, events } = await ingestInbox({ "store/orders.csv": csv }, {
      sources: {
        store: {
          files: [{
            match: "orders.csv",
            fields: { event_id: "Name", occurred_at: "Created at", store_id: { const: "online" }, event_type: { const: "purchase" }, order_id: "Name", revenue: "Total" },
            filter: { column: "Total", notIn: [""] }
          }]
        }
      }
    })
    expect(result.sources.store).toEqual({ read: 3, accepted: 2, quarantined: 0, duplicates: 0, filtered: 1, suppressed: 0 })
    expect(events["store"]?.map((r) => [r["row_number"], r["order_id"], r["revenue"]])).toEqual([["2", "#1001", "30.0000"], ["4", "#1002", "12.0000"]])
  })
})

describe("numbers and epochs read strictly", () => {
  it("a thousands separator counts only between groups of three digits", async () => {
    const csv = "id;at;store;type;amount\nb1;2026-03-01T10:00:00Z;S;purchase;1.234,50\nb2;2026-03-01T10:00:00Z;S;purchase;12.50\nb3;2026-03-01T10:00:00Z;S;purchase;7,5\n"
    const { events, quarantine } = await ingestInbox({ "store/t.csv": csv }, {
      sources: { store: { files: [{ match: "t.csv", csv: { delimiter: ";", decimal: "," }, fields: { event_id: "id", occurred_at: "at", store_id: "store", event_type: "type", order_id: "id", revenue: "amount" } }] } }
    })
    expect(events["store"]?.map((r) => [r["event_id"], r["revenue"]])).toEqual([["b1", "1234.5000"], ["b3", "7.5000"]])
    // "12.50" in a decimal-comma file is neither 12.5 nor 1250: quarantined
    expect(quarantine.map((q) => [q["row_number"], q["rule"], q["message"]])).toEqual([
      ["3", "type:revenue", `revenue '12.50' is not a number with decimal "," and thousands separator "."`]
    ])
  })

  it("a promised delivery read with a unit may lie in the future", async () => {
    // 2026-06-10T10:00:00Z = 1781085600 s; the run starts 2026-06-01
    const line = JSON.stringify({ id: "d1", at: 1780221600, order: "o1", type: "ordered", promise: 1781085600 })
    const { events, quarantine } = await ingestInbox({ "delivery/d.ndjson": line + "\n" }, {
      sources: { delivery: { files: [{ match: "*.ndjson", timestamps: { unit: "s" }, fields: { event_id: "id", occurred_at: "at", order_id: "order", event_type: "type", promised_at: "promise" } }] } }
    })
    expect(quarantine).toEqual([])
    expect(events["delivery"]?.map((r) => r["promised_at"])).toEqual(["2026-06-10 10:00:00+00"])
  })

  it("nested Arrow values holding 64-bit integers are read", async () => {
    const { Field, Int64, List, Schema: ArrowSchema, Struct, Table, Utf8, tableToIPC, vectorFromArray, makeData, RecordBatch } = await import("apache-arrow")
    const inbox = writeInbox({ "web/.keep": "" })
    const params = new Struct([new Field("key", new Utf8()), new Field("int_value", new Int64())])
    const values = vectorFromArray([[{ key: "ga_session_id", int_value: 1772359200n }]], new List(new Field("item", params)))
    const id = vectorFromArray(["g1"], new Utf8())
    const at = vectorFromArray(["2026-03-01T10:00:00Z"], new Utf8())
    const fields = [new Field("id", new Utf8()), new Field("at", new Utf8()), new Field("event_params", values.type)]
    const struct = makeData({ type: new Struct(fields), length: 1, nullCount: 0, children: [id.data[0]!, at.data[0]!, values.data[0]!] })
    const { writeFileSync } = await import("node:fs")
    writeFileSync(join(inbox, "web", "g.arrow"), tableToIPC(new Table([new RecordBatch(new ArrowSchema(fields), struct)]), "file"))
    const { events } = await ingestFolder(inbox, {
      sources: { web: { files: [{ match: "*.arrow", fields: { event_id: "id", occurred_at: "at", anonymous_id: "$.event_params[0].int_value", event_type: { const: "page_view" } } }] } }
    })
    expect(events["web"]?.map((r) => r["anonymous_id"])).toEqual(["1772359200"])
  })
})

describe("names, keys and paths read exactly", () => {
  it("a column whose own name ends in ? is that column", async () => {
    const csv = "id,at,Stars,Anything else?\nr1,2026-03-01T10:00:00Z,5,Great\n"
    const { events } = await ingestInbox({ "review/a.csv": csv }, {
      sources: { review: { files: [{ match: "*.csv", fields: { event_id: "id", occurred_at: "at", platform: { const: "x" }, rating: "Stars", text: "Anything else?" } }] } }
    })
    expect(events["review"]?.map((e) => e["text"])).toEqual(["Great"])
  })

  it("a mapped NDJSON key none of the first records has makes the file unreadable, unless it ends in ?", async () => {
    const line = JSON.stringify({ id: "w1", ts: "2026-03-01T10:00:00Z", device: "d1", user_id: "c1" })
    const mapping = (customer: string) => ({ web: { files: [{ match: "*.ndjson", fields: { event_id: "id", occurred_at: "ts", anonymous_id: "device", event_type: { const: "page_view" }, customer_id: customer } }] } })
    const misspelt = await ingestInbox({ "web/a.ndjson": line + "\n" }, { sources: mapping("userid") })
    expect(misspelt.result.files[0]?.status).toBe("unreadable")
    expect(misspelt.result.files[0]?.message).toContain("key 'userid' is in none of the first 1000 records (end the name with ? if it may be missing)")
    const optional = await ingestInbox({ "web/a.ndjson": line + "\n" }, { sources: mapping("userid?") })
    expect(optional.events["web"]?.map((e) => [e["event_id"], e["customer_id"]])).toEqual([["w1", null]])
  })

  it("an NDJSON number mapped to a text field is staged as written, tiny and huge ones too", async () => {
    // DuckDB's own cast of a double to text would write 1e-05 and 1e+16; the JSON's text is
    // what a hashed id takes, so it must not change with how a line is read
    const lines = [
      '{"id":"w1","ts":"2026-03-01T10:00:00Z","device":"d1","order":0.00001,"nested":{"n":1e16}}',
      '{"id":"w2","ts":"2026-03-01T10:00:00Z","device":"d1","order":12.50,"nested":{"n":-1.5e-8}}'
    ]
    const { events } = await ingestInbox({ "web/a.ndjson": lines.join("\n") + "\n" }, {
      sources: { web: { files: [{ match: "*.ndjson", fields: { event_id: "id", occurred_at: "ts", anonymous_id: "device", event_type: { const: "page_view" }, order_id: "order", utm_campaign: "$.nested.n" } }] } }
    })
    expect(events["web"]?.map((e) => [e["event_id"], e["order_id"], e["utm_campaign"]])).toEqual([
      ["w1", "0.00001", "10000000000000000.0"],
      ["w2", "12.5", "-1.5e-8"]
    ])
  })

  it("an NDJSON line may start with spaces; a blank line is skipped but counted; a line that is no object is quarantined", async () => {
    const ok = (id: string) => JSON.stringify({ event_id: id, occurred_at: "2026-03-01T10:00:00Z", anonymous_id: "d1", event_type: "page_view" })
    const { result, events, quarantine } = await ingestInbox({ "web/a.ndjson": [`   ${ok("w1")}`, "   ", `\t${ok("w2")}`, "[1, 2]", ok("w3")].join("\n") + "\n" })
    expect(events["web"]?.map((e) => [e["event_id"], e["row_number"]])).toEqual([["w1", "1"], ["w3", "5"]])
    // a tab is no space to DuckDB's trim: that line is not an object, as before
    expect(quarantine.map((q) => [q["row_number"], q["message"]])).toEqual([["3", "line is not a JSON object"], ["4", "line is not a JSON object"]])
    expect(result.files[0]).toMatchObject({ rowsRead: 4, accepted: 2, quarantined: 2 })
  })

  it("a path into a Parquet text column holding JSON reads that JSON", async () => {
    const inbox = writeInbox({ "web/.keep": "" })
    const instance = await DuckDBInstance.create(":memory:")
    const con = await instance.connect()
    await con.run(`copy (select 'w1' as id, '2026-03-01T10:00:00Z' as ts, '{"url":"https://u","anon":"d1"}' as ctx) to $dst (format parquet)`, { dst: join(inbox, "web", "a.parquet") })
    con.closeSync()
    instance.closeSync()
    const { events } = await ingestFolder(inbox, {
      sources: { web: { files: [{ match: "*.parquet", fields: { event_id: "id", occurred_at: "ts", anonymous_id: "$.ctx.anon", event_type: { const: "page_view" }, page_url: "$.ctx.url" } }] } }
    })
    expect(events["web"]?.map((e) => [e["anonymous_id"], e["page_url"]])).toEqual([["d1", "https://u"]])
  })

  it("a broken line in a file read with a list-filter path is quarantined alone", async () => {
    const good = JSON.stringify({ id: "w1", ts: "2026-03-01T10:00:00Z", anon: "d1", params: [{ key: "page", value: "https://p" }] })
    const { result, events, quarantine } = await ingestInbox({ "web/a.ndjson": `${good}\n{"id":"w2",\n` }, {
      sources: { web: { files: [{ match: "*.ndjson", fields: { event_id: "id", occurred_at: "ts", anonymous_id: "anon", event_type: { const: "page_view" }, page_url: "$.params[?(@.key=='page')].value" } }] } }
    })
    expect(result.files[0]).toMatchObject({ status: "loaded", rowsRead: 2, accepted: 1, quarantined: 1 })
    expect(events["web"]?.map((e) => e["page_url"])).toEqual(["https://p"])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["2", "parse"]])
  })

  it("explode quarantines a record that cannot be parsed once, not once per event", async () => {
    const csv = "id,at,q1,q2\nr1,2026-03-01T10:00:00Z,9,4\nr2,2026-03-01T10:00:00Z,8,3,extra\n"
    const question = (q: string, type: string) => ({ fields: { event_id: { template: `{id}-${q}` }, survey_type: { const: type }, score: q } })
    const { result, quarantine } = await ingestInbox({ "survey/a.csv": csv }, {
      sources: { survey: { files: [{ match: "*.csv", fields: { occurred_at: "at" }, explode: [question("q1", "nps"), question("q2", "csat")] }] } }
    })
    // 2 events of r1 + r2's line once
    expect(result.files[0]).toMatchObject({ rowsRead: 3, accepted: 2, quarantined: 1 })
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["3", "parse"]])
  })
})

describe("JSON documents", () => {
  it("json.records $ reads a document that is itself a list, numbering records from 1", async () => {
    const doc = JSON.stringify([{ id: "r1", at: "2026-03-01T10:00:00Z", stars: 5 }, { id: "r2", at: "2026-03-01T11:00:00Z", stars: 9 }], null, 2)
    const { events, quarantine } = await ingestInbox({ "review/api/page.json": doc }, {
      sources: { review: { files: [{ match: "api/*.json", json: { records: "$" }, fields: { event_id: "id", occurred_at: "at", platform: { const: "api" }, rating: "stars" } }] } }
    })
    expect(events["review"]?.map((e) => [e["row_number"], e["event_id"]])).toEqual([["1", "r1"]])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["2", "range:rating"]])
  })
})

describe("mappings that read no file", () => {
  const storeLine = "event_id,occurred_at,store_id,event_type\ns1,2026-03-01T10:00:00Z,S1,visit"
  it("are named: a glob that matches no file of its source's folder, and one whose files an earlier entry takes", async () => {
    const run = await ingestInbox({ "store/kasse/a.csv": storeLine, "store/kasse/b.csv": storeLine.replace("s1", "s2") }, {
      sources: {
        store: {
          files: [
            { match: "kasse/*.csv", csv: { delimiter: "," } },
            // written against the inbox, not the store folder
            { match: "store/kasse/*.csv", csv: { delimiter: "," } },
            // every file it matches is read by the first entry
            { match: "kasse/a.csv", csv: { delimiter: ";" } }
          ]
        },
        // no review folder at all: nothing to say
        review: { files: [{ match: "trustpilot/*.json", preset: "trustpilot" }] }
      }
    })
    expect(run.result.files.map((f) => [f.path, f.accepted])).toEqual([["store/kasse/a.csv", 1], ["store/kasse/b.csv", 1]])
    expect(run.result.unmatchedMappings).toEqual([
      `sources.store.files[1] (match "store/kasse/*.csv") matches none of the 2 file(s) in the inbox's store/ folder ("kasse/a.csv", "kasse/b.csv"); the glob is matched against the path below store/`,
      `sources.store.files[2] (match "kasse/a.csv") reads none of the 1 file(s) it matches: sources.store.files[0] matches them first (the first entry that matches a file reads it)`
    ])
  })
})
