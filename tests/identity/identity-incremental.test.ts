import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { deliverLines as deliver, publishedContent, queryWarehouse, readTable, runOnce, webLine as web, workspace } from "../support/pipeline.ts"

// Night 1: Anna (cookie a1 + e-mail), Ben (cookie b1 + login B-1), Dora (cookie d1 only) and a
// kiosk cookie k1 used with two e-mails (at the guard's limit of 2, so it still links them).
const night1 = [
  web("w1", "2026-03-02T09:00:00Z", "a1"),
  web("w2", "2026-03-02T09:05:00Z", "a1", { email: "anna@example.com" }),
  web("w3", "2026-03-02T10:00:00Z", "b1", { customer_id: "B-1" }),
  web("w4", "2026-03-02T11:00:00Z", "d1"),
  web("w5", "2026-03-02T12:00:00Z", "k1", { email: "eva@example.com" }),
  web("w6", "2026-03-02T12:30:00Z", "k1", { email: "finn@example.com" })
]
// Night 2: Anna logs in as B-1 on her cookie (Anna and Ben become one customer), a new cookie
// n1 signs in with Anna's e-mail, Dora browses again, and a third e-mail on the kiosk makes
// k1 shared: it now links nothing, so Eva, Finn and Gus are three customers.
const night2: Array<string> = [
  web("w7", "2026-03-03T09:00:00Z", "a1", { customer_id: "B-1" }),
  web("w8", "2026-03-03T09:30:00Z", "n1", { email: "anna@example.com" }),
  web("w9", "2026-03-03T10:00:00Z", "d1"),
  web("w10", "2026-03-03T12:00:00Z", "k1", { email: "gus@example.com" })
]

// Sara answered a survey (customer_id S-1 + e-mail) and has no touchpoint; on night 2 a cookie
// s0 signs in with her e-mail. Her key comes from the identifier she was first seen with, so it
// stays, although anonymous_id:s0 sorts before customer_id:S-1.
const night1Surveys = [
  JSON.stringify({ event_id: "s1", occurred_at: "2026-03-02T15:00:00Z", survey_type: "nps", score: 9, customer_id: "S-1", email: "sara@example.com" })
]
night2.push(web("w11", "2026-03-03T16:00:00Z", "s0", { email: "sara@example.com" }))

const expectedKey = (firstIdentifier: string) => `c_${createHash("md5").update(firstIdentifier).digest("hex").slice(0, 16)}`

const overrides = { identity: { maxLinksPerType: 2 } }

describe("incremental identity", () => {
  it("merges customers a new event links and splits those a newly shared identifier held together, as a full build does", async () => {
    const nightly = workspace()
    deliver(nightly, "2026-03-02", night1)
    deliver(nightly, "2026-03-02", night1Surveys, "survey")
    const first = await runOnce(nightly, overrides)
    expect(first.refresh.mode).toBe("full")
    expect(first.identity.customers).toBe(5)
    const mapBefore = await readTable(nightly.out, "identity_map", "1")
    const saraBefore = mapBefore.find((r) => r["identifier"] === "S-1")?.["customer_key"]
    const annaBefore = mapBefore.find((r) => r["identifier"] === "a1")?.["customer_key"]
    deliver(nightly, "2026-03-03", night2)
    const second = await runOnce(nightly, overrides)
    expect(second.refresh.mode).toBe("incremental")

    const full = workspace()
    deliver(full, "2026-03-02", night1)
    deliver(full, "2026-03-02", night1Surveys, "survey")
    deliver(full, "2026-03-03", night2)
    const once = await runOnce(full, overrides)
    expect(once.refresh.mode).toBe("full")

    // Anna+Ben+n1, Dora, Eva, Finn, Gus, Sara; k1 held back
    expect(second.identity).toMatchObject({ customers: 6, sharedIdentifiers: 1, identifiers: 13, largestComponent: 5 })
    expect({ ...second.identity, iterations: 0 }).toEqual({ ...once.identity, iterations: 0 })
    const incremental = await publishedContent(nightly.out)
    const rebuilt = await publishedContent(full.out)
    expect(Object.keys(incremental).sort()).toEqual(Object.keys(rebuilt).sort())
    for (const table of Object.keys(rebuilt)) expect(JSON.parse(incremental[table] ?? "null"), table).toEqual(JSON.parse(rebuilt[table] ?? "null"))
    const map = await readTable(nightly.out, "identity_map", "identifier_type, identifier")
    const keyOf = (type: string, id: string) => map.find((r) => r["identifier_type"] === type && r["identifier"] === id)?.["customer_key"]
    expect(keyOf("anonymous_id", "a1")).toBe(keyOf("customer_id", "B-1"))
    expect(keyOf("anonymous_id", "n1")).toBe(keyOf("anonymous_id", "b1"))
    expect(keyOf("anonymous_id", "k1")).toBeNull()
    // Sara keeps her key; her new cookie takes it
    expect(keyOf("customer_id", "S-1")).toBe(saraBefore)
    expect(keyOf("anonymous_id", "s0")).toBe(saraBefore)
    // Anna (a1, first seen 09:00) and Ben (b1 and B-1, 10:00) merged: Anna's key stays
    expect(keyOf("customer_id", "B-1")).toBe(annaBefore)
    expect(map.find((r) => r["identifier"] === "k1")?.["guard_reason"]).toBe("shared: seen with 3 distinct email identifiers")
  }, 60_000)

  it("counts new events that add no link on their identifiers and gives them the customer those already had, as a full build does", async () => {
    // Night 3 adds no link: Carl logs in again on his cookie (a pair seen on night 1), an event
    // for Dora arrives late (before her first one), the kiosk cookie k1, shared since night 2, is
    // used with Eva's e-mail again, and a cookie no one has seen before browses on its own.
    // Carl (cc1 and C-1, both first seen at 14:00 on night 1: the key is cc1's, the smaller) also
    // answered a survey on 1 March as C-1, which arrives late: C-1 is now the identifier he was
    // first seen with, and his key changes to C-1's, as a full build gives it.
    const carlLate = [
      JSON.stringify({ event_id: "s9", occurred_at: "2026-03-01T07:00:00Z", survey_type: "nps", score: 8, customer_id: "C-1" })
    ]
    const carl = [web("c1", "2026-03-02T14:00:00Z", "cc1", { customer_id: "C-1" })]
    const night3 = [
      web("w20", "2026-03-04T09:00:00Z", "cc1", { customer_id: "C-1" }),
      web("w21", "2026-03-01T08:00:00Z", "d1"),
      web("w22", "2026-03-04T12:00:00Z", "k1", { email: "eva@example.com" }),
      web("w23", "2026-03-04T13:00:00Z", "z1")
    ]
    const nightly = workspace()
    deliver(nightly, "2026-03-02", [...night1, ...carl])
    await runOnce(nightly, overrides)
    deliver(nightly, "2026-03-03", night2)
    await runOnce(nightly, overrides)
    const carlBefore = (await readTable(nightly.out, "identity_map", "1")).find((r) => r["identifier"] === "C-1")?.["customer_key"]
    deliver(nightly, "2026-03-04", night3)
    deliver(nightly, "2026-03-04", carlLate, "survey")
    const third = await runOnce(nightly, overrides)
    expect(third.refresh.mode).toBe("incremental")

    const full = workspace()
    deliver(full, "2026-03-02", [...night1, ...carl])
    deliver(full, "2026-03-03", night2)
    deliver(full, "2026-03-04", night3)
    deliver(full, "2026-03-04", carlLate, "survey")
    const once = await runOnce(full, overrides)
    expect({ ...third.identity, iterations: 0 }).toEqual({ ...once.identity, iterations: 0 })
    const incremental = await publishedContent(nightly.out)
    const rebuilt = await publishedContent(full.out)
    for (const table of Object.keys(rebuilt)) expect(JSON.parse(incremental[table] ?? "null"), table).toEqual(JSON.parse(rebuilt[table] ?? "null"))
    const map = await readTable(nightly.out, "identity_map", "identifier_type, identifier")
    const row = (id: string) => map.find((r) => r["identifier"] === id)
    expect([row("cc1")?.["event_count"], row("C-1")?.["event_count"], row("k1")?.["event_count"]].map(Number)).toEqual([2, 3, 4])
    expect(carlBefore).toBe(expectedKey("anonymous_id:cc1"))
    expect(row("cc1")?.["customer_key"]).toBe(expectedKey("customer_id:C-1"))
    expect(String(row("d1")?.["first_seen_at"])).toMatch(/^2026-03-01 08:00:00/)
    expect(row("k1")?.["customer_key"]).toBeNull()
    expect(row("z1")?.["customer_key"]).not.toBeNull()
    // Carl's new session belongs to Carl; the kiosk session to a customer (Eva's e-mail), not to the shared cookie
    const touchpoints = await readTable(nightly.out, "touchpoints", "started_at")
    const customerOf = (anonymousId: string, day: string) =>
      touchpoints.find((t) => t["anonymous_id"] === anonymousId && String(t["started_at"]).startsWith(day))?.["customer_key"]
    expect(customerOf("cc1", "2026-03-04")).toBe(row("C-1")?.["customer_key"])
    expect(customerOf("k1", "2026-03-04")).toMatch(/^c_/)
  }, 90_000)

  it("gives a new event the customer of its other identifiers when its recomputed ones link nothing", async () => {
    // Night 2: Anna's cookie comes with a blocked customer id never seen before (recomputed, links
    // nothing), and the shared kiosk cookie k1 with Eva's e-mail (a pair seen on night 1) while
    // another event gives k1 a first link (k1 recomputed, still shared): both events belong to
    // Anna and Eva, whose identifiers are not recomputed.
    const first = [...night1, web("w12", "2026-03-02T13:00:00Z", "k1", { email: "gus@example.com" })]
    const second = [
      web("w30", "2026-03-03T09:00:00Z", "a1", { customer_id: "unknown" }),
      web("w31", "2026-03-03T12:00:00Z", "k1", { email: "eva@example.com" }),
      web("w32", "2026-03-03T12:10:00Z", "k1", { email: "hugo@example.com" })
    ]
    const nightly = workspace()
    deliver(nightly, "2026-03-02", first)
    await runOnce(nightly, overrides)
    deliver(nightly, "2026-03-03", second)
    expect((await runOnce(nightly, overrides)).refresh.mode).toBe("incremental")
    const full = workspace()
    deliver(full, "2026-03-02", first)
    deliver(full, "2026-03-03", second)
    await runOnce(full, overrides)

    const eventCustomers = "select source, event_id, customer_key from int_event_customers order by all"
    expect(await queryWarehouse(nightly.warehouse, eventCustomers)).toEqual(await queryWarehouse(full.warehouse, eventCustomers))
    const customerOf = async (eventId: string) =>
      (await queryWarehouse(nightly.warehouse, `select customer_key from int_event_customers where event_id = '${eventId}'`))[0]?.["customer_key"]
    expect(await customerOf("w30")).toBe(await customerOf("w2"))
    expect(await customerOf("w31")).toBe(await customerOf("w5"))
  }, 60_000)

  it("rebuilds everything when the model configuration changes", async () => {
    const ws = workspace()
    deliver(ws, "2026-03-02", night1)
    await runOnce(ws, overrides)
    const again = await runOnce(ws, overrides)
    expect(again.refresh.mode).toBe("incremental")
    deliver(ws, "2026-03-03", night2)
    // with a limit of 3 the kiosk cookie still links Eva, Finn and Gus (and s0 signed in with an e-mail of its own)
    const changed = await runOnce(ws, { identity: { maxLinksPerType: 3 } })
    expect(changed.refresh).toMatchObject({ mode: "full" })
    expect(changed.identity).toMatchObject({ customers: 4, sharedIdentifiers: 0 })
  }, 60_000)
})
