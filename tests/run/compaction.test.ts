/**
 * src/run/compaction.ts: a night leaves DuckDB's vacuum off unless the six runs before it all
 * did, and the setting does what the module relies on (small row groups stay until a run
 * compacts, then fold).
 */
import { Effect } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { make, type Statements } from "../../src/duckdb/duckdb.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { compactEvery, compactionDue, setCompaction } from "../../src/run/compaction.ts"
import { deliverLines, queryWarehouse, runOnce, tempDir, webLine, workspace } from "../support/pipeline.ts"

/** Runs r1, r2, … a minute apart, each compacted or not; then the current run, "now". */
const withRuns = (db: Statements, compacted: ReadonlyArray<boolean | null>) =>
  Effect.gen(function*() {
    yield* ensureWarehouse(db)
    for (const [i, c] of compacted.entries()) {
      yield* db.run(
        "insert into runs (run_id, trigger, started_at, outcome, compacted) values ($id, 'test', timestamptz '2026-03-01 04:00:00+00' + to_minutes($i), 'success', $c)",
        { id: `r${i + 1}`, i: i + 1, c }
      )
    }
    yield* db.run("insert into runs (run_id, trigger, started_at, outcome) values ('now', 'test', timestamptz '2026-03-02 04:00:00+00', 'running')")
    return yield* compactionDue(db, "now")
  })

const due = (compacted: ReadonlyArray<boolean | null>) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(make({ path: ":memory:", threads: 1, memoryLimit: "256MB" }), (db) => withRuns(db, compacted))))

describe("when a run compacts", () => {
  it("is every seventh run: after six that did not compact, not after five", async () => {
    expect(compactEvery).toBe(7)
    expect(await due([true, false, false, false, false, false])).toBe(false)
    expect(await due([true, false, false, false, false, false, false])).toBe(true)
    // the count starts again at the last run that compacted, wherever it is
    expect(await due([false, false, false, false, false, false, true, false])).toBe(false)
  })

  it("is due on a warehouse whose runs predate the record (null) once six of them are there", async () => {
    expect(await due([null, null, null, null, null])).toBe(false)
    expect(await due([null, null, null, null, null, null])).toBe(true)
  })

  it("is recorded on the run: a full run compacts, the night after it does not", async () => {
    const ws = workspace()
    deliverLines(ws, "day-1", [webLine("e1", "2026-03-02T09:00:00Z", "a1")])
    await runOnce(ws)
    deliverLines(ws, "day-2", [webLine("e2", "2026-03-03T09:00:00Z", "a2")])
    const night = await runOnce(ws)
    expect(night.refresh.mode).toBe("incremental")
    expect(await queryWarehouse(ws.warehouse, "select compacted from runs order by started_at")).toEqual([{ compacted: true }, { compacted: false }])
  })
})

describe("DuckDB's vacuum, as the nights use it", () => {
  it("off, rows added to a checkpointed table stay in row groups of their own; on again, those fold", async () => {
    const path = join(tempDir(), "w.duckdb")
    const layout = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const db = yield* make({ path, threads: 1, memoryLimit: "256MB" })
      yield* ensureWarehouse(db)
      yield* db.run("insert into runs (run_id, trigger, started_at, outcome) values ('r1', 'test', now(), 'running')")
      const groups = () =>
        Effect.map(db.all("select count(distinct row_group_id)::integer as n from pragma_storage_info('t')"), (rows) => Number(rows[0]?.["n"]))
      const night = (from: number) =>
        Effect.zipRight(db.run(`insert into t select range from range(${from}, ${from + 1000})`), db.run("checkpoint"))
      yield* db.run("create table t as select range as id from range(100000)")
      yield* db.run("checkpoint")
      const before = yield* groups()
      yield* setCompaction(db, "r1", false)
      yield* night(100000)
      yield* night(101000)
      const off = yield* groups()
      yield* setCompaction(db, "r1", true)
      yield* night(102000)
      const on = yield* groups()
      const [total] = yield* db.all("select count(*)::integer as n, count(distinct id)::integer as d from t")
      return { before, off, on, total }
    })))
    // on: the three folded into one, and the rows of that last night in a group of their own
    expect(layout).toEqual({ before: 1, off: 3, on: 2, total: { n: 103000, d: 103000 } })
  })
})
