import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { decodeConfig, loadConfig } from "../../src/config/load-config.ts"
import { tempDir } from "../support/pipeline.ts"

const decode = (input: unknown) => Effect.runPromise(Effect.either(decodeConfig(input, "c.json")))

describe("configuration", () => {
  it("gives every key a default, so no file is needed", async () => {
    const result = await decode({})
    expect(result._tag).toBe("Right")
    if (result._tag !== "Right") return
    const c = result.right
    expect(c.paths).toEqual({ inbox: "sample/inbox", warehouse: "data/touchpoint.duckdb", out: "out", plainOut: null })
    expect(c.timezone).toBe("Europe/Berlin")
    expect(c.journeys).toEqual({ sessionTimeoutMinutes: 30, lookbackDays: 30 })
    expect(c.attribution.positionBased).toEqual({ first: 0.4, last: 0.4 })
    expect(c.attribution.timeDecayHalfLifeDays).toBe(7)
    expect(c.attribution.markovOrder).toBe(1)
    expect(c.kpis.deliveryThresholdMinutes).toBe(45)
    expect(c.quarantine.maxShare).toBe(0.05)
    expect(c.schedule.cron).toBe("30 4 * * *")
  })

  it("keeps defaults for the keys a partial file leaves out", async () => {
    const result = await decode({ journeys: { lookbackDays: 7 } })
    expect(result._tag === "Right" && result.right.journeys).toEqual({ sessionTimeoutMinutes: 30, lookbackDays: 7 })
  })

  it("names the key and what is allowed when a value is invalid", async () => {
    const cases: Array<[unknown, string]> = [
      [{ timezone: "Europe/Berlinn" }, `c.json: config key 'timezone' unknown IANA time zone "Europe/Berlinn" (e.g. Europe/Berlin, UTC)`],
      [{ quarantine: { maxShare: 2 } }, "c.json: config key 'quarantine.maxShare' must be a number from 0 to 1"],
      [{ attribution: { positionBased: { first: 0.7, last: 0.5 } } }, "c.json: config key 'attribution.positionBased' first + last must not exceed 1"],
      [{ contactReasons: { refund: { customerValue: "medium", companyValue: "high" } } }, "c.json: config key 'contactReasons.refund.customerValue' must be one of high, low"],
      [{ duckdb: { memoryLimit: "lots" } }, "c.json: config key 'duckdb.memoryLimit' must be a size such as 4GB or 512MB"],
      // a wrong kind of value deep in the schema: its kind, not the thousands of characters of the expected type
      [{ sources: { store: { files: { match: "kasse/*.csv" } } } }, "c.json: config key 'sources.store.files' must be a list [ … ], not an object"],
      [[1, 2], "c.json: the configuration must be a JSON object { … }, not a list"]
    ]
    for (const [input, message] of cases) {
      const result = await decode(input)
      expect(result._tag === "Left" && result.left.message).toBe(message)
    }
  })

  it("lists every wrong key at once, each once, a value that fits no form of a union at its own key only", async () => {
    const result = await decode({
      timzone: "Europe/Berlin",
      kpis: { deliveryThresholdMinutes: -5 },
      quarantine: { maxShare: 2 },
      sources: { web: { files: [{ match: "*.csv", fields: { event_id: 5 } }] } }
    })
    expect(result._tag === "Left" && result.left.message.split("\n")).toEqual([
      "c.json: config key 'timzone' is not a known key (check its spelling)",
      "c.json: config key 'kpis.deliveryThresholdMinutes' must be 0 or more minutes",
      "c.json: config key 'quarantine.maxShare' must be a number from 0 to 1",
      "c.json: config key 'sources.web.files.0.fields.event_id' must be an object { … } or a text, not a number"
    ])
    const kinds = await decode({ timezone: 5, attribution: { models: "linear" }, sources: { web: { files: [{ match: "*.csv", fields: { occurred_at: { column: 3 } } }] } } })
    expect(kinds._tag === "Left" && kinds.left.message.split("\n")).toEqual([
      "c.json: config key 'timezone' must be a text, not a number",
      "c.json: config key 'attribution.models' must be a list [ … ] of \"first_touch\" | \"last_touch\" | \"last_non_direct\" | \"linear\" | " +
      "\"position_based\" | \"time_decay\" | \"markov\" | \"shapley\", not a text",
      "c.json: config key 'sources.web.files.0.fields.occurred_at.column' must be a text, not a number"
    ])
    const many = await decode({ journeys: Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, 1])) })
    const lines = many._tag === "Left" ? many.left.message.split("\n") : []
    expect(lines).toHaveLength(21)
    expect(lines.at(-1)).toBe("c.json: and 5 more")
  })

  it("fails clearly on a file that is not JSON or does not exist", async () => {
    const file = join(tempDir(), "broken.json")
    writeFileSync(file, "{ paths: ")
    const broken = await Effect.runPromise(Effect.either(loadConfig(file, {})))
    expect(broken._tag === "Left" && broken.left.message).toMatch(/broken\.json is not valid JSON/)
    // a trailing comma, as people leave them: where, and the likely cause
    const comma = join(tempDir(), "comma.json")
    writeFileSync(comma, '{\n  "timezone": "Europe/Berlin",\n}\n')
    const trailing = await Effect.runPromise(Effect.either(loadConfig(comma, {})))
    expect(trailing._tag === "Left" && trailing.left.message).toMatch(/line 3,? column 1.*a comma before a closing \} or \], which JSON does not allow\?/)
    // and in a list, where Node's message gives no position
    writeFileSync(comma, '{\n  "identity": { "blocklist": [\n    "x",\n  ] }\n}\n')
    const inList = await Effect.runPromise(Effect.either(loadConfig(comma, {})))
    expect(inList._tag === "Left" && inList.left.message).toMatch(/line 4,? column 3.*a comma before a closing \} or \], which JSON does not allow\?/)
    const missing = await Effect.runPromise(Effect.either(loadConfig(join(tempDir(), "nope.json"), {})))
    expect(missing._tag === "Left" && missing.left.message).toMatch(/nope\.json does not exist/)
  })

  it("reads the pseudonymisation key from TOUCHPOINT_PII_KEY only", async () => {
    const withKey = await Effect.runPromise(loadConfig(undefined, { TOUCHPOINT_PII_KEY: "s3cret" }))
    expect(withKey.piiKeyFromEnv).toBe("s3cret")
    const without = await Effect.runPromise(loadConfig(undefined, {}))
    expect(without.piiKeyFromEnv).toBeNull()
  })
})
