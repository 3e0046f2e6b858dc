import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import { configWith, num, web, withJourneys } from "./journey-warehouse.ts"

const sessions = (db: DuckdbService) =>
  db.all(
    `select touchpoint_id, anonymous_id, event_count, micro_moment
     from touchpoints where source = 'web' order by started_at, touchpoint_id`
  ).pipe(Effect.map((rows) => rows.map((r): Readonly<Record<string, unknown>> => ({ ...r, event_count: num(r["event_count"]) }))))

/** Each session with an identifier of its customer (shared-device tests: one identifier each). */
const sessionIdentifiers = (db: DuckdbService) =>
  db.all(`select touchpoints.touchpoint_id, identity_map.identifier
          from touchpoints left join identity_map on identity_map.customer_key = touchpoints.customer_key
          order by touchpoints.started_at`)

describe("web sessions", () => {
  it("starts a new session when the gap reaches exactly the session timeout", async () => {
    // gaps: 29 min 59 s (same session), then exactly 30 min (new session)
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z"),
        web("w2", "a1", "2026-03-01T10:29:59Z"),
        web("w3", "a1", "2026-03-01T10:59:59Z")
      ]
    }, sessions)
    expect(result.map((s) => [s["touchpoint_id"], s["event_count"]])).toEqual([["web:w1", 2], ["web:w3", 1]])
  })

  it("keeps a gap a microsecond under the timeout in the same session", async () => {
    // 10:00:00 → 10:29:59.999999 is under 30 min
    const result = await withJourneys({
      web: [web("w1", "a1", "2026-03-01T10:00:00Z"), web("w2", "a1", "2026-03-01T10:29:59.999999Z")]
    }, sessions)
    expect(result.map((s) => [s["touchpoint_id"], s["event_count"]])).toEqual([["web:w1", 2]])
  })

  it("follows the configured session timeout", async () => {
    // timeout 10 min: the 15-minute gap splits
    const result = await withJourneys(
      { web: [web("w1", "a1", "2026-03-01T10:00:00Z"), web("w2", "a1", "2026-03-01T10:15:00Z")] },
      sessions,
      { config: configWith({ journeys: { sessionTimeoutMinutes: 10 } }) }
    )
    expect(result.map((s) => s["touchpoint_id"])).toEqual(["web:w1", "web:w2"])
  })

  it("sessionises each device on its own, even when their events interleave", async () => {
    // a1: 10:00, 10:20 (one session); a2: 10:10 (its own)
    const result = await withJourneys({
      web: [web("w1", "a1", "2026-03-01T10:00:00Z"), web("w2", "a2", "2026-03-01T10:10:00Z"), web("w3", "a1", "2026-03-01T10:20:00Z")]
    }, sessions)
    expect(result.map((s) => [s["touchpoint_id"], s["anonymous_id"], s["event_count"]])).toEqual([
      ["web:w1", "a1", 2],
      ["web:w2", "a2", 1]
    ])
  })

  it("orders events at the same instant by event_id, so the session is named after the smaller", async () => {
    const result = await withJourneys({
      web: [web("w9", "a1", "2026-03-01T10:00:00Z"), web("w1", "a1", "2026-03-01T10:00:00Z")]
    }, sessions)
    expect(result.map((s) => s["touchpoint_id"])).toEqual(["web:w1"])
  })

  it("gives a session with two logins the customer of the later, at the same instant the one of the greater event id", async () => {
    // limit 2; tablet t1 sees c1, c2, c3: shared. Session web:w1 has logins w5 (c2) and w6 (c1)
    // at 10:05: w6 is the later in (occurred_at, event_id) order, so c1; then w7 (c3) the next day
    const result = await withJourneys({
      web: [
        web("w1", "t1", "2026-03-01T10:00:00Z"),
        web("w6", "t1", "2026-03-01T10:05:00Z", "page_view", { customer_id: "c1" }),
        web("w5", "t1", "2026-03-01T10:05:00Z", "page_view", { customer_id: "c2" }),
        web("w7", "t1", "2026-03-02T10:00:00Z", "page_view", { customer_id: "c3" })
      ]
    }, sessionIdentifiers, { config: configWith({ identity: { maxLinksPerType: 2 } }) })
    expect(result.map((r) => [r["touchpoint_id"], r["identifier"]])).toEqual([
      ["web:w1", "c1"],
      ["web:w7", "c3"]
    ])
  })

  it("gives a session on a shared device the customer who logged in, and a session without login none", async () => {
    // limit 2; tablet t1 sees logins c1, c2, c3 (3 > 2): shared. Session 1 (c1 logs in at its end)
    // belongs to c1's customer; session 4 has no login and belongs to nobody
    const result = await withJourneys({
      web: [
        web("w1", "t1", "2026-03-01T10:00:00Z"),
        web("w2", "t1", "2026-03-01T10:05:00Z", "page_view", { customer_id: "c1" }),
        web("w3", "t1", "2026-03-02T10:00:00Z", "page_view", { customer_id: "c2" }),
        web("w4", "t1", "2026-03-03T10:00:00Z", "page_view", { customer_id: "c3" }),
        web("w5", "t1", "2026-03-04T10:00:00Z")
      ]
    }, sessionIdentifiers, { config: configWith({ identity: { maxLinksPerType: 2 } }) })
    expect(result.map((r) => [r["touchpoint_id"], r["identifier"]])).toEqual([
      ["web:w1", "c1"],
      ["web:w3", "c2"],
      ["web:w4", "c3"],
      ["web:w5", null]
    ])
  })

  it("gives a session its strongest micro-moment: buy over go over do over know", async () => {
    // s1: product_view (know) + help_view (do) + store_locator (go) → go
    // s2: search (know) + add_to_cart (buy) → buy; s3: a /hilfe page view → do; s4: app_open only → none
    const result = await withJourneys({
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "product_view"),
        web("w2", "a1", "2026-03-01T10:01:00Z", "help_view"),
        web("w3", "a1", "2026-03-01T10:02:00Z", "store_locator"),
        web("w4", "a2", "2026-03-01T11:00:00Z", "search"),
        web("w5", "a2", "2026-03-01T11:01:00Z", "add_to_cart"),
        web("w6", "a3", "2026-03-01T12:00:00Z", "page_view", { page_url: "https://shop.example/hilfe/versand?x=1" }),
        web("w7", "a4", "2026-03-01T13:00:00Z", "app_open")
      ]
    }, sessions)
    expect(result.map((s) => [s["touchpoint_id"], s["micro_moment"]])).toEqual([
      ["web:w1", "go"],
      ["web:w4", "buy"],
      ["web:w6", "do"],
      ["web:w7", null]
    ])
  })
})
