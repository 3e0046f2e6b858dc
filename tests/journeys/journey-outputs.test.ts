import { Effect } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { identityOutputs } from "../../src/identity/identity-outputs.ts"
import { journeyOutputs } from "../../src/journeys/journeys-stage.ts"
import { publish } from "../../src/publish/publish.ts"
import { tempDir } from "../support/pipeline.ts"
import { num, store, web, withJourneys } from "./journey-warehouse.ts"

// Contract section 4: the key columns each published table must have (at least).
const contractColumns: Readonly<Record<string, ReadonlyArray<string>>> = {
  customers: ["customer_key", "first_seen_at", "last_seen_at", "identifier_count", "conversions", "revenue"],
  identity_map: ["identifier_type", "identifier", "customer_key"],
  touchpoints: ["touchpoint_id", "customer_key", "started_at", "source", "channel", "campaign", "touchpoint_type", "micro_moment"],
  conversions: ["conversion_id", "customer_key", "converted_at", "source", "order_id", "revenue"],
  journeys: [
    "conversion_id", "customer_key", "converted_at", "revenue", "path", "path_string", "path_length", "first_touch_at",
    "days_to_convert", "is_cross_channel"
  ],
  paths: ["customer_key", "conversion_id", "path", "path_string", "converted"]
}

const fixture = {
  web: [web("w1", "a1", "2026-02-27T10:00:00Z", "page_view", { customer_id: "c1" })],
  store: [
    store("s1", "2026-03-01T10:00:00Z", "purchase", { customer_id: "c1" }),
    store("s2", "2026-03-31T23:30:00Z", "purchase", { customer_id: "c1" })
  ]
}

describe("the published journey tables", () => {
  it("have the contract's columns and run as published", async () => {
    const w = { timezone: "Europe/Berlin", since: null, until: null }
    const outputs = [...identityOutputs(w), ...journeyOutputs(w)]
    const described = await withJourneys(fixture, (db) =>
      Effect.forEach(outputs, (o) =>
        db.all(`describe ${o.sql}`, o.params ?? {}).pipe(Effect.map((cols) => [o.name, cols.map((c) => c["column_name"])] as const))))
    expect(described.map(([name]) => name)).toEqual(["identity_map", "customers", "touchpoints", "conversions", "journeys", "paths", "path_summary"])
    for (const [name, columns] of described) expect(columns, name).toEqual(expect.arrayContaining([...(contractColumns[name] ?? [])]))
  })

  it("partition the dated tables by the month of their business date", async () => {
    // s2 at 03-31 23:30 UTC is 04-01 01:30 in Berlin: month 2026-04
    const outputs = journeyOutputs({ timezone: "Europe/Berlin", since: null, until: null })
    const conversions = outputs.find((o) => o.name === "conversions")
    const months = await withJourneys(fixture, (db) =>
      db.all(`select conversion_id, ${conversions?.monthOf ?? "null"} as month from (${conversions?.sql ?? "select 1"})`))
    expect(months.map((r) => [r["conversion_id"], r["month"]])).toEqual([["store:s1", "2026-03"], ["store:s2", "2026-04"]])
    expect(outputs.filter((o) => o.monthOf !== undefined).map((o) => o.name)).toEqual(["touchpoints", "conversions", "journeys"])
  })

  it("keep the rows whose business date is in the window and every customer", async () => {
    // window 03-01 … 03-31 (Berlin): s1 is in, s2 (04-01 Berlin) and the 02-27 session are out
    const w = { timezone: "Europe/Berlin", since: "2026-03-01", until: "2026-03-31" }
    const outputs = [...identityOutputs(w), ...journeyOutputs(w)]
    const counts = await withJourneys(fixture, (db) =>
      Effect.forEach(outputs, (o) =>
        db.all(`select count(*) as n from (${o.sql})`, o.params ?? {}).pipe(Effect.map(([r]) => [o.name, num(r?.["n"])] as const))))
    expect(Object.fromEntries(counts)).toEqual({ identity_map: 2, customers: 1, touchpoints: 1, conversions: 1, journeys: 1, paths: 1, path_summary: 1 })
  })

  it("sum up the window's journeys per path in path_summary", async () => {
    const outputs = journeyOutputs({ timezone: "Europe/Berlin", since: null, until: null })
    const summary = outputs.find((o) => o.name === "path_summary")
    const rows = await withJourneys(fixture, (db) =>
      Effect.all([
        db.all(`select * from (${summary?.sql ?? "select 1"}) order by ${summary?.orderBy ?? "1"}`, summary?.params ?? {}),
        db.all("select conversion_id, path_string, revenue from journeys order by conversion_id")
      ]))
    // s1 came after the web visit of 02-27 (Direct), s2 alone: two paths, a conversion each
    expect(rows[1].map((r) => [r["conversion_id"], r["path_string"]])).toEqual([["store:s1", "Direct > Store"], ["store:s2", "Store"]])
    expect(rows[0].map((r) => [r["path_string"], num(r["path_length"]), num(r["conversions"]), r["revenue"], r["share"]])).toEqual([
      ["Direct > Store", 2, 1, "50.0000", 0.5],
      ["Store", 1, 1, "50.0000", 0.5]
    ])
  })

  it("publish as Parquet with the path list and its string form, partitioned by month", async () => {
    // two conversions, in 2026-03 and (Berlin) 2026-04: two month partitions of journeys
    const out = join(tempDir("touchpoint-journeys-"), "out")
    const manifest = await withJourneys(fixture, (db) =>
      publish(db, {
        out,
        runId: "r1",
        tables: journeyOutputs({ timezone: "Europe/Berlin", since: null, until: null }),
        manifest: { run_id: "r1", started_at: "2026-04-02T00:00:00Z", config_digest: "x", input_files: [], window: { since: null, until: null }, through_file_id: 0 },
        now: () => new Date("2026-04-02T00:00:00Z"), appendOnly: false
      }).pipe(Effect.orDie))
    const journeysTable = manifest.tables.find((t) => t.name === "journeys")
    expect(journeysTable?.rows).toBe(2)
    expect(journeysTable?.partitioned_by).toEqual(["month"])
    expect(journeysTable?.files.map((f) => f.replace(/\/[^/]+$/, ""))).toEqual(["journeys/month=2026-03", "journeys/month=2026-04"])
    expect(journeysTable?.columns.find((c) => c.name === "path")?.type).toBe("VARCHAR[]")
  })
})

