import { Effect } from "effect"
import { statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { hmacExpression } from "../../src/ingest/source-columns.ts"
import { hmacPads, normaliseEmail, normalisePhone, pseudonym, resolvePiiKey } from "../../src/ingest/pseudonymise.ts"
import { tempDir } from "../support/pipeline.ts"

const sqlHmac = (key: Buffer, value: string) =>
  Effect.runPromise(Effect.gen(function*() {
    const db = yield* Duckdb
    const rows = yield* db.all(`select ${hmacExpression("$value")} as h`, { value, ...hmacPads(key) })
    return String(rows[0]?.["h"])
  }).pipe(Effect.provide(layer({ path: ":memory:", threads: 1, memoryLimit: "1GB" }))))

describe("pseudonymisation", () => {
  it("computes HMAC-SHA256 in SQL exactly as node:crypto does, for short and long keys", async () => {
    for (const key of [Buffer.from("k"), Buffer.alloc(100, 7)]) {
      expect(await sqlHmac(key, "anna@example.com")).toBe(pseudonym(key, "anna@example.com"))
    }
  })

  it("normalises e-mail (trim, lower case) and phone (digits, leading + kept)", () => {
    expect(normaliseEmail("  Anna.Schmidt@Example.COM ")).toBe("anna.schmidt@example.com")
    expect(normalisePhone("+49 (170) 123-4567")).toBe("+491701234567")
    expect(normalisePhone("0170/1234567")).toBe("01701234567")
    expect(normalisePhone("n/a")).toBeNull()
  })

  it("creates a key file with mode 0600 once and reuses it", async () => {
    const warehouse = join(tempDir(), "w.duckdb")
    const first = await Effect.runPromise(resolvePiiKey(null, warehouse))
    expect(first.origin).toBe("created")
    expect(statSync(`${warehouse}.pii-key`).mode & 0o777).toBe(0o600)
    const second = await Effect.runPromise(resolvePiiKey(null, warehouse))
    expect(second.origin).toBe("key-file")
    expect(second.key.equals(first.key)).toBe(true)
    const env = await Effect.runPromise(resolvePiiKey("from-env", warehouse))
    expect(env.origin).toBe("environment")
  })

  it("never replaces a lost or damaged key file of a warehouse that holds data with a new key", async () => {
    const warehouse = join(tempDir(), "w.duckdb")
    const failure = (hasData: boolean) => Effect.runPromise(Effect.flip(resolvePiiKey(null, warehouse, hasData))).then((e) => e.message)
    expect(await failure(true)).toMatch(/holds events pseudonymised with a key, but its key file .*w\.duckdb\.pii-key is missing: restore it, or set TOUCHPOINT_PII_KEY/)
    writeFileSync(`${warehouse}.pii-key`, "abc\n")
    expect(await failure(true)).toMatch(/key file .* is damaged \(it must hold 64 hex digits\)/)
  })
})
