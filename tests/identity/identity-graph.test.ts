import { createHash } from "node:crypto"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { identitySummary } from "../../src/identity/identity-stage.ts"
import type { DuckdbService } from "../../src/duckdb/duckdb.ts"
import { configWith, num, store, survey, web, withJourneys, type Fixture } from "../journeys/journey-warehouse.ts"

const identityMap = (db: DuckdbService) =>
  db.all("select identifier_type, identifier, customer_key, is_guarded, guard_reason from identity_map order by identifier_type, identifier")

const customerCount = (db: DuckdbService) =>
  db.all("select count(*) as n from customers").pipe(Effect.map(([r]) => num(r?.["n"])))

/** The customers as sorted lists of their identifiers, e.g. [["anonymous_id:a1", "customer_id:c1"]]. */
const components = (db: DuckdbService) =>
  db.all(
    `select list(identifier_type || ':' || identifier order by identifier_type, identifier) as ids
     from identity_map where customer_key is not null group by customer_key order by ids`
  ).pipe(Effect.map((rows) => rows.map((r) => r["ids"])))

const expectedKey = (firstIdentifier: string) => `c_${createHash("md5").update(firstIdentifier).digest("hex").slice(0, 16)}`

describe("the identity graph", () => {
  it("joins two devices through a login into one customer", async () => {
    // a1 and a2 each carry customer_id c1 on one event: {a1, a2, c1} is one component
    const fixture: Fixture = {
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z"),
        web("w2", "a1", "2026-03-01T10:05:00Z", "page_view", { customer_id: "c1" }),
        web("w3", "a2", "2026-03-02T18:00:00Z", "page_view", { customer_id: "c1" })
      ]
    }
    const result = await withJourneys(fixture, (db) => Effect.all([components(db), customerCount(db)]))
    expect(result).toEqual([[["anonymous_id:a1", "anonymous_id:a2", "customer_id:c1"]], 1])
  })

  it("joins web and store through the e-mail given at the till", async () => {
    // a1 gives e-mail e1 at checkout; the till records e1 with card L1: {a1, e1, L1}
    const fixture: Fixture = {
      web: [web("w1", "a1", "2026-03-01T10:00:00Z", "checkout", { email_hash: "e1" })],
      store: [store("s1", "2026-03-04T15:00:00Z", "purchase", { email_hash: "e1", loyalty_id: "L1" })]
    }
    const result = await withJourneys(fixture, components)
    expect(result).toEqual([["anonymous_id:a1", "email:e1", "loyalty_id:L1"]])
  })

  it("links identifiers that only meet on survey, support and delivery events", async () => {
    // survey: c1 + e1; delivery: c1 + e2; support: p1 + e2 → one customer of four identifiers
    const fixture: Fixture = {
      survey: [survey("v1", "2026-03-01T10:00:00Z", 9, { customer_id: "c1", email_hash: "e1" })],
      delivery: [{ event_id: "d1", occurred_at: "2026-03-02T10:00:00Z", order_id: "o1", event_type: "delivered", customer_id: "c1", email_hash: "e2" }],
      support: [{ event_id: "u1", occurred_at: "2026-03-03T10:00:00Z", ticket_id: "t1", event_type: "created", channel: "phone", phone_hash: "p1", email_hash: "e2" }]
    }
    const result = await withJourneys(fixture, components)
    expect(result).toEqual([["customer_id:c1", "email:e1", "email:e2", "phone:p1"]])
  })

  it("stops a loyalty card seen with more e-mails than the limit from merging strangers", async () => {
    // limit 2; card L9 is scanned with e1, e2, e3 (3 > 2): shared, so it belongs to nobody. Each
    // e-mail also checks out on its own device; without the guard all seven would be one customer.
    const fixture: Fixture = {
      store: ["e1", "e2", "e3"].map((e, i) => store(`s${i}`, `2026-03-0${i + 1}T12:00:00Z`, "purchase", { loyalty_id: "L9", email_hash: e })),
      web: ["e1", "e2", "e3"].map((e, i) => web(`w${i}`, `a${i}`, `2026-03-0${i + 1}T09:00:00Z`, "checkout", { email_hash: e }))
    }
    const result = await withJourneys(fixture, (db) => Effect.all([components(db), identityMap(db)]), {
      config: configWith({ identity: { maxLinksPerType: 2 } })
    })
    expect(result[0]).toEqual([
      ["anonymous_id:a0", "email:e1"],
      ["anonymous_id:a1", "email:e2"],
      ["anonymous_id:a2", "email:e3"]
    ])
    const card = result[1].find((r) => r["identifier"] === "L9")
    expect(card).toMatchObject({ customer_key: null, is_guarded: true, guard_reason: "shared: seen with 3 distinct email identifiers" })
  })

  it("names the first type in name order when a shared identifier is over the limit with two types equally", async () => {
    // limit 2; card L9 with three e-mails and three phones: 3 of each, so the reason names email
    // (before phone), whichever rows come first
    const fixture: Fixture = {
      store: [3, 2, 1].flatMap((n) => [
        store(`p${n}`, `2026-03-0${n}T12:00:00Z`, "visit", { loyalty_id: "L9", phone_hash: `p${n}` }),
        store(`e${n}`, `2026-03-0${n}T13:00:00Z`, "visit", { loyalty_id: "L9", email_hash: `e${n}` })
      ])
    }
    const map = await withJourneys(fixture, identityMap, { config: configWith({ identity: { maxLinksPerType: 2 } }) })
    expect(map.find((r) => r["identifier"] === "L9")).toMatchObject({ is_guarded: true, guard_reason: "shared: seen with 3 distinct email identifiers" })
  })

  it("lets an identifier seen with exactly the limit of others still link", async () => {
    // limit 2; card L9 with e1 and e2 only: not over the limit, so {L9, e1, e2} is one customer
    const fixture: Fixture = {
      store: [
        store("s1", "2026-03-01T12:00:00Z", "purchase", { loyalty_id: "L9", email_hash: "e1" }),
        store("s2", "2026-03-02T12:00:00Z", "purchase", { loyalty_id: "L9", email_hash: "e2" })
      ]
    }
    const result = await withJourneys(fixture, components, { config: configWith({ identity: { maxLinksPerType: 2 } }) })
    expect(result).toEqual([["email:e1", "email:e2", "loyalty_id:L9"]])
  })

  it("treats a configured raw value as blocked whatever its case, so it links nothing and belongs to nobody", async () => {
    // 'Unknown' and 'UNKNOWN' match the configured 'unknown': a1 and a2 stay apart
    const fixture: Fixture = {
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "page_view", { customer_id: "Unknown" }),
        web("w2", "a2", "2026-03-01T11:00:00Z", "page_view", { customer_id: "UNKNOWN" })
      ]
    }
    const result = await withJourneys(fixture, (db) => Effect.all([components(db), identityMap(db)]))
    expect(result[0]).toEqual([["anonymous_id:a1"], ["anonymous_id:a2"]])
    expect(result[1].filter((r) => r["identifier_type"] === "customer_id")).toEqual([
      { identifier_type: "customer_id", identifier: "UNKNOWN", customer_key: null, is_guarded: true, guard_reason: "blocklist" },
      { identifier_type: "customer_id", identifier: "Unknown", customer_key: null, is_guarded: true, guard_reason: "blocklist" }
    ])
  })

  it("blocks hashed values listed in identity_blocklist", async () => {
    // the run writes the hash of test@example.com as 'hjunk'; two strangers gave it at the till
    const fixture: Fixture = {
      store: [
        store("s1", "2026-03-01T12:00:00Z", "purchase", { loyalty_id: "L1", email_hash: "hjunk" }),
        store("s2", "2026-03-02T12:00:00Z", "purchase", { loyalty_id: "L2", email_hash: "hjunk" })
      ]
    }
    const result = await withJourneys(fixture, components, {
      before: (db) =>
        Effect.gen(function*() {
          yield* db.runFile("identity/identity_blocklist.sql")
          yield* db.run("insert into identity_blocklist values ('email', 'hjunk')")
        })
    })
    expect(result).toEqual([["loyalty_id:L1"], ["loyalty_id:L2"]])
  })

  it("derives customer_key from the identifier the component was seen with first, whatever order the rows came in", async () => {
    // a9 and c1 are both first seen at 10:00 (ties go to the smaller identifier, 'anonymous_id:a9'
    // before 'customer_id:c1'); a2, seen at 11:00, joins their customer and takes its key
    const rows = [
      web("w1", "a9", "2026-03-01T10:00:00Z", "page_view", { customer_id: "c1" }),
      web("w2", "a2", "2026-03-01T11:00:00Z", "page_view", { customer_id: "c1" }),
      web("w3", "a5", "2026-03-01T12:00:00Z")
    ]
    const keys = (db: DuckdbService) => db.all("select identifier, customer_key from identity_map order by identifier")
    const forward = await withJourneys({ web: rows }, keys)
    const backward = await withJourneys({ web: [...rows].reverse() }, keys)
    expect(backward).toEqual(forward)
    expect(forward).toEqual([
      { identifier: "a2", customer_key: expectedKey("anonymous_id:a9") },
      { identifier: "a5", customer_key: expectedKey("anonymous_id:a5") },
      { identifier: "a9", customer_key: expectedKey("anonymous_id:a9") },
      { identifier: "c1", customer_key: expectedKey("anonymous_id:a9") }
    ])
  })

  it("finds a long chain of links as one customer within as many rounds as the chain is long", async () => {
    // devices d00 … d29 where d(i) and d(i+1) share login u(i): one component of 30 + 29 = 59
    // identifiers, diameter 58; pointer jumping needs far fewer rounds than that
    const chain = Array.from({ length: 29 }, (_, i) => {
      const pad = (n: number) => String(n).padStart(2, "0")
      return [
        web(`w${pad(i)}a`, `d${pad(i)}`, "2026-03-01T10:00:00Z", "page_view", { customer_id: `u${pad(i)}` }),
        web(`w${pad(i)}b`, `d${pad(i + 1)}`, "2026-03-01T10:00:00Z", "page_view", { customer_id: `u${pad(i)}` })
      ]
    }).flat()
    const result = await withJourneys({ web: chain }, (db) => Effect.all([customerCount(db), identitySummary(db)]))
    expect(result[0]).toBe(1)
    expect(result[1].largestComponent).toBe(59)
    expect(result[1].iterations).toBeLessThanOrEqual(58)
  })

  it("reports the largest component and how many identifiers the guards held back", async () => {
    // limit 1: card L9 with e1 and e2 is shared; customer_id 'n/a' is blocked; {a1, e1} and
    // {a2, e2} are the customers: largest 2, held back 1 shared + 1 blocked; identifiers 5
    // (a1, a2, e1, e2, L9: every unblocked one)
    const fixture: Fixture = {
      store: [
        store("s1", "2026-03-01T12:00:00Z", "purchase", { loyalty_id: "L9", email_hash: "e1" }),
        store("s2", "2026-03-02T12:00:00Z", "purchase", { loyalty_id: "L9", email_hash: "e2" })
      ],
      web: [
        web("w1", "a1", "2026-03-01T10:00:00Z", "checkout", { email_hash: "e1", customer_id: "n/a" }),
        web("w2", "a2", "2026-03-01T10:00:00Z", "checkout", { email_hash: "e2" })
      ]
    }
    const summary = await withJourneys(fixture, identitySummary, { config: configWith({ identity: { maxLinksPerType: 1 } }) })
    expect(summary).toMatchObject({
      identifiers: 5,
      customers: 2,
      largestComponent: 2,
      blockedIdentifiers: 1,
      sharedIdentifiers: 1,
      heldBack: 2
    })
  })
})
