import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { deliverLines, queryWarehouse, readTable, runOnce, webLine, workspace } from "../support/pipeline.ts"
import { pseudonym } from "../../src/ingest/pseudonymise.ts"

const RAW_VALUES = [/anna\.schmidt/i, /1701234567/, /123-4567/, /leak2?@example\.com/, /extra@example\.com/]

const tablesOf = (out: string) => readdirSync(out).filter((n) => statSync(join(out, n)).isDirectory())

describe("no raw e-mail address or phone number is stored or published", () => {
  it("holds for every published table and every warehouse table", async () => {
    for (const fixture of ["formats", "bad-rows"]) {
      const ws = workspace(fixture)
      await runOnce(ws, { quarantine: { maxShare: 1 } })
      for (const table of tablesOf(ws.out)) {
        const text = JSON.stringify(await readTable(ws.out, table))
        for (const raw of RAW_VALUES) expect(text, `${fixture}: ${table}`).not.toMatch(raw)
      }
      const names = await queryWarehouse(ws.warehouse, "select table_name from duckdb_tables()")
      expect(names.length).toBeGreaterThan(6)
      for (const { table_name } of names) {
        const text = JSON.stringify(await queryWarehouse(ws.warehouse, `select * from "${String(table_name)}"`))
        for (const raw of RAW_VALUES) expect(text, `${fixture}: warehouse ${String(table_name)}`).not.toMatch(raw)
      }
      expect(readFileSync(join(ws.out, "_manifest.json"), "utf8")).not.toMatch(/@example\.com/)
    }
  })

  it("holds for an e-mail address in an id column: staged as its pseudonym, still linking the events that carry it", async () => {
    // Snowplow's user_id and Segment's userId are often the address itself; a store sends the
    // same address as its customer id, a survey as its loyalty id
    const ws = workspace()
    deliverLines(ws, "web", [
      webLine("w1", "2026-03-02T09:00:00Z", "a1", { customer_id: " Jon.Doe@Example.com " }),
      webLine("w2", "2026-03-02T10:00:00Z", "jane@example.org"),
      // an export's address ending in a tab; a rejected row (no event type) with an address in
      // another script, which the quarantine shows masked
      webLine("w3", "2026-03-02T11:00:00Z", "a3", { customer_id: "Tab@Example.com\t" }),
      webLine("w4", "2026-03-02T12:00:00Z", "a4", { customer_id: "jön@müller.de", event_type: "" })
    ])
    deliverLines(ws, "store", [
      JSON.stringify({ event_id: "s1", occurred_at: "2026-03-03T09:00:00Z", store_id: "S1", event_type: "visit", customer_id: "jon.doe@example.com" })
    ], "store")
    deliverLines(ws, "survey", [
      JSON.stringify({ event_id: "q1", occurred_at: "2026-03-03T10:00:00Z", survey_type: "nps", score: 9, loyalty_id: "JANE@example.org" })
    ], "survey")
    const run = await runOnce(ws, { quarantine: { maxShare: 1 } })
    expect(run.files.find((f) => f.path.startsWith("web/"))).toMatchObject({ accepted: 3, quarantined: 1 })
    const hashed = (v: string) => pseudonym(Buffer.from("test-key", "utf8"), v)
    const map = await readTable(ws.out, "identity_map", "identifier_type, identifier")
    expect(map.map((r) => [r["identifier_type"], r["identifier"]])).toEqual(
      [["anonymous_id", "a1"], ["anonymous_id", "a3"], ["anonymous_id", hashed("jane@example.org")], ["customer_id", hashed("jon.doe@example.com")],
        ["customer_id", hashed("tab@example.com")], ["loyalty_id", hashed("jane@example.org")]]
        .sort((x, y) => `${x[0]} ${x[1]}`.localeCompare(`${y[0]} ${y[1]}`))
    )
    // Jon's web and store events are one customer; Jane's cookie and card never met
    const keyOf = (type: string, id: string) => map.find((r) => r["identifier_type"] === type && r["identifier"] === id)?.["customer_key"]
    expect(keyOf("anonymous_id", "a1")).toBe(keyOf("customer_id", hashed("jon.doe@example.com")))
    expect(keyOf("anonymous_id", hashed("jane@example.org"))).not.toBe(keyOf("loyalty_id", hashed("jane@example.org")))
    for (const table of tablesOf(ws.out)) {
      expect(JSON.stringify(await readTable(ws.out, table)), table).not.toMatch(/jon\.doe|jane@|tab@|müller/i)
    }
    for (const { table_name } of await queryWarehouse(ws.warehouse, "select table_name from duckdb_tables()")) {
      const text = JSON.stringify(await queryWarehouse(ws.warehouse, `select * from "${String(table_name)}"`))
      expect(text, `warehouse ${String(table_name)}`).not.toMatch(/jon\.doe|jane@|tab@|müller/i)
    }
  })
})
