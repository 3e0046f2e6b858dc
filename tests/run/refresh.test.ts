import { Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Config } from "../../schemas/config.ts"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { buildDigest, invalidateBuild, planRefresh, recordBuild } from "../../src/run/refresh.ts"

const config = Schema.decodeUnknownSync(Config)({})
const key = Buffer.from("k")
const digest = buildDigest({ config, since: null, until: null, piiKey: key })

const inMemory = layer({ path: ":memory:", threads: 1, memoryLimit: "1GB" })

describe("full or incremental", () => {
  it("is incremental only after a recorded build with the same digest, and full after a build was invalidated", async () => {
    const modes = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      yield* ensureWarehouse(db)
      const plan = (fullRefresh = false, d = digest) => planRefresh(db, { fullRefresh, buildDigest: d }).pipe(Effect.map((r) => r.mode))
      const first = yield* plan()
      yield* db.run("insert into input_files (file_id, run_id, source, path, sha256, bytes, format, status, seen_at) values (7, 'r', 'web', 'a', 'h', 1, 'ndjson', 'loaded', now())")
      yield* recordBuild(db, { buildDigest: digest, runId: "r" })
      const recorded = yield* planRefresh(db, { fullRefresh: false, buildDigest: digest })
      const asked = yield* plan(true)
      const otherDigest = yield* plan(false, "other")
      // a run that stops between invalidating and recording leaves no state
      yield* invalidateBuild(db)
      const afterStop = yield* plan()
      return { first, recorded, asked, otherDigest, afterStop }
    }).pipe(Effect.provide(inMemory)))
    expect(modes).toEqual({
      first: "full",
      recorded: { mode: "incremental", afterFileId: 7 },
      asked: "full",
      otherDigest: "full",
      afterStop: "full"
    })
  })

  it("changes the build digest with the models' configuration, the window and the key, not with paths or schedule", () => {
    const other = (input: Record<string, unknown>, since: string | null = null, piiKey = key) =>
      buildDigest({ config: Schema.decodeUnknownSync(Config)(input), since, until: null, piiKey })
    expect(other({ paths: { out: "elsewhere" }, schedule: { cron: "0 5 * * *" }, duckdb: { threads: 4 }, quarantine: { maxShare: 1 } })).toBe(digest)
    expect(other({ journeys: { lookbackDays: 7 } })).not.toBe(digest)
    expect(other({}, "2026-01-01")).not.toBe(digest)
    expect(other({}, null, Buffer.from("another key"))).not.toBe(digest)
  })
})
