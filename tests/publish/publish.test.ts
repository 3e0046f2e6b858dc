import { Effect } from "effect"
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { publish, startPublication, type TableOutput } from "../../src/publish/publish.ts"
import { readTable, tempDir } from "../support/pipeline.ts"

const withDb = <A, E>(body: Effect.Effect<A, E, Duckdb>) =>
  Effect.runPromise(Effect.either(body.pipe(Effect.provide(layer({ path: ":memory:", threads: 1, memoryLimit: "1GB" })))))

const manifestBase = (runId: string) => ({
  run_id: runId, started_at: "2026-01-01T00:00:00.000Z", config_digest: "d", input_files: [], window: { since: null, until: null }, through_file_id: 0
})

const numbers: TableOutput = { name: "numbers", sql: "select range::integer as n from range(3)" }

/** A whole (not appending) publication of `tables` as run `runId` to `out`. */
const publishWhole = (out: string, runId: string, tables: ReadonlyArray<TableOutput>) =>
  withDb(Effect.gen(function*() {
    const db = yield* Duckdb
    return yield* publish(db, { out, runId, tables, manifest: manifestBase(runId), now: () => new Date(0), appendOnly: false })
  }))

describe("atomic publish", () => {
  it("keeps the previous version when a table of the new run fails to write", async () => {
    const out = join(tempDir(), "out")
    const ok = await publishWhole(out, "r1", [numbers])
    expect(ok._tag).toBe("Right")
    const failed = await publishWhole(out, "r2", [numbers, { name: "broken", sql: "select n from no_such_table" }])
    expect(failed._tag).toBe("Left")
    expect(JSON.parse(readFileSync(join(out, "_manifest.json"), "utf8")).run_id).toBe("r1")
    expect(readlinkSync(out)).toBe(join(".out.versions", "r1"))
    expect((await readTable(out, "numbers")).map((r) => r["n"])).toEqual([0, 1, 2])
  })

  it("discards a version it did not swap in, and never the one it did", async () => {
    const out = join(tempDir(), "out")
    const versions = join(out, "..", ".out.versions")
    const options = (runId: string) => ({ out, runId, manifest: manifestBase(runId), now: () => new Date(0), appendOnly: false })
    const result = await withDb(Effect.gen(function*() {
      const db = yield* Duckdb
      // a run that wrote a table and then failed: its folder goes
      const failed = yield* startPublication(db, options("r1"))
      yield* failed.write([numbers])
      expect(existsSync(failed.dir)).toBe(true)
      yield* failed.discard
      expect(existsSync(failed.dir)).toBe(false)
      // a run that committed: discarding afterwards leaves what <out> points at
      const done = yield* startPublication(db, options("r2"))
      yield* done.write([numbers])
      yield* done.commit(["numbers"])
      yield* done.discard
      return readdirSync(versions)
    }))
    expect(result._tag === "Right" && result.right).toEqual(["r2"])
    expect((await readTable(out, "numbers")).map((r) => r["n"])).toEqual([0, 1, 2])
  })

  it("refuses a partitioned table with rows that have no month, rather than publish it without them", async () => {
    const out = join(tempDir(), "out")
    const result = await publishWhole(out, "r1", [{ name: "dated", sql: "select * from (values (1, '2026-01'), (2, null)) as v(id, m)", monthOf: "m" }])
    expect(result._tag === "Left" && result.left.message).toMatch(/table dated: rows without a month/)
  })

  it("refuses to replace a non-empty folder it did not create", async () => {
    const out = join(tempDir(), "out")
    mkdirSync(out)
    writeFileSync(join(out, "report.xlsx"), "someone's file")
    const result = await publishWhole(out, "r1", [numbers])
    expect(result._tag === "Left" && result.left.message).toMatch(/exists and is not a link made by Touchpoint/)
    expect(readFileSync(join(out, "report.xlsx"), "utf8")).toBe("someone's file")
  })

  it("writes an empty table as one Parquet file with its columns", async () => {
    const out = join(tempDir(), "out")
    const result = await publishWhole(out, "r1", [{ name: "nothing", sql: "select 1::integer as n, 'x' as month_label where false", monthOf: "'2026-01'" }])
    expect(result._tag === "Right" && result.right.tables[0]).toEqual({
      name: "nothing", rows: 0, files: ["nothing/data_0.parquet"], partitioned_by: [],
      columns: [{ name: "n", type: "INTEGER" }, { name: "month_label", type: "VARCHAR" }],
      partitions: [{ month: null, rows: 0, digest: "0", files: ["nothing/data_0.parquet"], reused: false }]
    })
  })
})

describe("republishing", () => {
  it("hard-links the partitions whose content did not change and rewrites the others", async () => {
    const out = join(tempDir(), "out")
    const events = (extra: string): TableOutput => ({
      name: "events",
      sql: `select * from (values (1, '2026-01'), (2, '2026-01'), (3, '2026-02')${extra}) as v(id, m) order by id`,
      monthOf: "m"
    })
    const publishOnce = (runId: string, extra: string) => publishWhole(out, runId, [events(extra), numbers])
    const first = await publishOnce("r1", "")
    const second = await publishOnce("r2", ", (4, '2026-02')")
    expect(first._tag === "Right" && second._tag === "Right").toBe(true)
    if (second._tag !== "Right") return
    const parts = second.right.tables[0]?.partitions ?? []
    // January is unchanged: same file, linked from r1's version; February got a row and is rewritten.
    expect(parts.map((p) => [p.month, p.rows, p.reused])).toEqual([["2026-01", 2, true], ["2026-02", 2, false]])
    expect(second.right.tables[1]?.partitions[0]?.reused).toBe(true)
    const { statSync } = await import("node:fs")
    const jan = "events/month=2026-01/data_0.parquet"
    expect(statSync(join(out, jan)).ino).toBe(statSync(join(out, "..", ".out.versions", "r1", jan)).ino)
    expect((await readTable(out, "events", "id")).map((r) => [r["id"], r["month"]])).toEqual([
      [1, "2026-01"], [2, "2026-01"], [3, "2026-02"], [4, "2026-02"]
    ])
  })
})

describe("append-only tables on an incremental run", () => {
  const staged = (extra: string): TableOutput => ({
    name: "events",
    sql: `select * from (values (1, 1, '2026-01'), (2, 1, '2026-02')${extra}) as v(id, file_id, m) order by id`,
    monthOf: "m",
    appendOnly: true
  })
  const publishTo = (out: string, runId: string, extra: string, through: number, appendOnly: boolean) => withDb(Effect.gen(function*() {
    const db = yield* Duckdb
    return yield* publish(db, {
      out, runId, tables: [staged(extra)], manifest: { ...manifestBase(runId), through_file_id: through }, now: () => new Date(0), appendOnly
    })
  }))

  it("refuse new rows without a month, as a full write does", async () => {
    const out = join(tempDir(), "out")
    await publishTo(out, "r1", "", 1, false)
    const second = await publishTo(out, "r2", ", (3, 2, null)", 2, true)
    expect(second._tag === "Left" && second.left.message).toMatch(/table events: rows without a month/)
  })

  it("keep every file and add one with the newer files' rows to each partition they fall in, with the digests of a full write", async () => {
    const out = join(tempDir(), "out")
    await publishTo(out, "r1", "", 1, false)
    // file 2 adds a late January row and a March row
    const second = await publishTo(out, "r2", ", (3, 2, '2026-01'), (4, 2, '2026-03')", 2, true)
    const full = await publishTo(join(tempDir(), "out"), "f1", ", (3, 2, '2026-01'), (4, 2, '2026-03')", 2, false)
    if (second._tag !== "Right" || full._tag !== "Right") throw new Error("publish failed")
    const parts = second.right.tables[0]?.partitions ?? []
    expect(parts.map((p) => [p.month, p.rows, p.reused, p.files])).toEqual([
      ["2026-01", 2, false, ["events/month=2026-01/data_0.parquet", "events/month=2026-01/data_r2.parquet"]],
      ["2026-02", 1, true, ["events/month=2026-02/data_0.parquet"]],
      ["2026-03", 1, false, ["events/month=2026-03/data_r2.parquet"]]
    ])
    expect(parts.map((p) => p.digest)).toEqual(full.right.tables[0]?.partitions.map((p) => p.digest))
    expect(second.right.tables[0]?.rows).toBe(4)
    expect((await readTable(out, "events", "id")).map((r) => [r["id"], r["month"]])).toEqual([
      [1, "2026-01"], [2, "2026-02"], [3, "2026-01"], [4, "2026-03"]
    ])
  })

  it("are written whole when the run is a full one", async () => {
    const out = join(tempDir(), "out")
    await publishTo(out, "r1", "", 1, false)
    const second = await publishTo(out, "r2", ", (3, 2, '2026-01')", 2, false)
    if (second._tag !== "Right") throw new Error("publish failed")
    expect(second.right.tables[0]?.partitions.map((p) => p.files)).toEqual([["events/month=2026-01/data_0.parquet"], ["events/month=2026-02/data_0.parquet"]])
  })
})
