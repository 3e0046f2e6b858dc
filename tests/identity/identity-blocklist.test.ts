import { Effect, Schema } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Config } from "../../schemas/config.ts"
import { Duckdb } from "../../src/duckdb/duckdb.ts"
import { blockedIdentifiers, writeIdentityBlocklist } from "../../src/identity/identity-stage.ts"
import { ingest } from "../../src/ingest/ingest.ts"
import { pseudonym } from "../../src/ingest/pseudonymise.ts"
import { inMemory, num, runStages } from "../journeys/journey-warehouse.ts"

const key = Buffer.from("identity-test-key")

describe("the identity block list", () => {
  it("hashes configured e-mails and phones as ingest does and keeps raw values for the other types", () => {
    // ' Test@Example.com ' → 'test@example.com' → HMAC, for the id types too (ingest stages an
    // address in an id column as its pseudonym); '0000' is also a phone number
    const rows = blockedIdentifiers([" Test@Example.com ", "0000"], key)
    expect(rows).toEqual(expect.arrayContaining([
      { identifier_type: "email", identifier: pseudonym(key, "test@example.com") },
      { identifier_type: "phone", identifier: pseudonym(key, "0000") },
      { identifier_type: "customer_id", identifier: pseudonym(key, "test@example.com") },
      { identifier_type: "customer_id", identifier: "0000" },
      { identifier_type: "loyalty_id", identifier: "0000" }
    ]))
    expect(rows.filter((r) => r.identifier_type === "phone")).toHaveLength(1)
  })

  it("keeps strangers who gave the junk e-mail at the till apart, end to end from the inbox", async () => {
    // tests/fixtures/journeys-till: Anna's web sign-up and her till purchase (typed ' Anna@Example.COM ')
    // join; L7 and L8 both gave test@example.com (blocked) and stay two customers; Ben is alone
    const config = Schema.decodeUnknownSync(Config)({})
    const result = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      yield* ingest(db, {
        inbox: join(import.meta.dirname, "..", "fixtures", "journeys-till"),
        runId: "test",
        timezone: config.timezone,
        piiKey: key,
        maxQuarantineShare: 0,
        now: new Date("2026-03-10T00:00:00Z")
      })
      yield* writeIdentityBlocklist(db, config.identity.blocklist, key)
      yield* runStages(db, config)
      const customers = yield* db.all("select count(*) as n from customers")
      const journeys = yield* db.all("select conversion_id, path_string, is_cross_channel from journeys order by conversion_id")
      const blocked = yield* db.all("select identifier_type, count(*) as n from identity_map where guard_reason = 'blocklist' group by 1 order by 1")
      return { customers: num(customers[0]?.["n"]), journeys, blocked: blocked.map((r) => [r["identifier_type"], num(r["n"])]) }
    }).pipe(Effect.provide(inMemory)))
    expect(result.customers).toBe(4)
    expect(result.journeys).toEqual([
      { conversion_id: "store:s1", path_string: "Organic Search > Store", is_cross_channel: true },
      { conversion_id: "store:s2", path_string: "Store", is_cross_channel: false },
      { conversion_id: "store:s3", path_string: "Store", is_cross_channel: false }
    ])
    expect(result.blocked).toEqual([["email", 1], ["phone", 1]])
  })
})
