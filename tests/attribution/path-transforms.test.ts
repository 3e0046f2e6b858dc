import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import { browsingCustomer, combine, convertingCustomer, credits, withAttribution, withAttributionRun } from "./attribution-warehouse.ts"

// u-1..u-4 are A, B, A, C (one a day); v-1..v-3 are A, A, B
const fixture = combine(convertingCustomer("u", ["A", "B", "A", "C"]), convertingCustomer("v", ["A", "A", "B"]))

const pathOf = (conversionId: string) => (db: DuckdbService) =>
  db.all("select touchpoint_id, channel from int_attribution_path_steps where conversion_id = $id order by position", { id: conversionId }).pipe(
    Effect.map((rows) => rows.map((r) => `${r["channel"]}:${r["touchpoint_id"]}`).join(" > "))
  )

const bothPaths = (db: DuckdbService) => Effect.all([pathOf("u-order")(db), pathOf("v-order")(db)])

describe("path transforms", () => {
  it("none keeps every touchpoint", async () => {
    expect(await withAttributionRun(fixture, {}, bothPaths)).toEqual([
      "A:u-1 > B:u-2 > A:u-3 > C:u-4",
      "A:v-1 > A:v-2 > B:v-3"
    ])
  })

  it("collapse_repeats keeps the first touchpoint of each run of one channel: A>B>A>C stays, A>A>B becomes A>B", async () => {
    const config = withAttribution({ pathTransform: "collapse_repeats" })
    expect(await withAttributionRun(fixture, { config }, bothPaths)).toEqual(["A:u-1 > B:u-2 > A:u-3 > C:u-4", "A:v-1 > B:v-3"])
  })

  it("unique keeps each channel at its last occurrence: A>B>A>C becomes B>A>C, A>A>B becomes A>B", async () => {
    const config = withAttribution({ pathTransform: "unique" })
    expect(await withAttributionRun(fixture, { config }, bothPaths)).toEqual(["B:u-2 > A:u-3 > C:u-4", "A:v-2 > B:v-3"])
  })

  it("first_occurrence keeps each channel at its first occurrence: A>B>A>C becomes A>B>C, A>A>B becomes A>B", async () => {
    const config = withAttribution({ pathTransform: "first_occurrence" })
    expect(await withAttributionRun(fixture, { config }, bothPaths)).toEqual(["A:u-1 > B:u-2 > C:u-4", "A:v-1 > B:v-3"])
  })

  it("a maximum path length keeps the last N touchpoints after the transform", async () => {
    // unique gives B>A>C and A>B; the last 2 are A>C and A>B
    const config = withAttribution({ pathTransform: "unique", maxPathLength: 2 })
    expect(await withAttributionRun(fixture, { config }, bothPaths)).toEqual(["A:u-3 > C:u-4", "A:v-2 > B:v-3"])
  })

  it("heuristic credits go to the kept touchpoints", async () => {
    // unique: B>A>C → linear 1/3 to u-2, u-3, u-4; first touch to u-2
    const config = withAttribution({ pathTransform: "unique" })
    const [linear, first] = await withAttributionRun(fixture, { config }, (db) =>
      Effect.all([credits("u-order", "linear")(db), credits("u-order", "first_touch")(db)]))
    expect(Object.keys(linear)).toEqual(["u-2", "u-3", "u-4"])
    for (const v of Object.values(linear)) expect(v).toBeCloseTo(1 / 3, 12)
    expect(first).toEqual({ "u-2": 1 })
  })

  it("transforms apply to non-converting paths too, before the Markov chain", async () => {
    // leftover B > C > B with maxPathLength 1 keeps its last B; the chain sees start → B → (null)
    const config = withAttribution({ maxPathLength: 1 })
    const rows = await withAttributionRun(combine(convertingCustomer("u", ["A"]), browsingCustomer("w", ["B", "C", "B"])), { config }, (db) =>
      db.all("select from_state || ' → ' || to_state as t from markov_transitions order by all"))
    expect(rows.map((r) => r["t"])).toEqual(["A → (conversion)", "B → (null)", "start → A", "start → B"])
  })

  it("a non-converting path orders touchpoints that start at the same instant by touchpoint id", async () => {
    // both start 1 March 10:00; "a-email" sorts before "b-display"
    const fixture = {
      touches: [
        { id: "b-display", customer: "w", at: "2026-03-01T10:00:00Z", channel: "Display" },
        { id: "a-email", customer: "w", at: "2026-03-01T10:00:00Z", channel: "Email" }
      ],
      purchases: []
    }
    const rows = await withAttributionRun(fixture, {}, (db) => db.all("select path from int_attribution_paths where not converted"))
    expect(rows.map((r) => r["path"])).toEqual([["Email", "Display"]])
  })
})
