/**
 * When a run lets DuckDB compact the warehouse's tables as it checkpoints. With its vacuum on,
 * DuckDB's checkpoint rewrites neighbouring row groups into fewer wherever deleted rows or small
 * row groups leave room, in every table of the database. Every night appends a small row group
 * to each table it changes (DuckDB starts a new row group for rows added to a checkpointed
 * table), so with the vacuum on, every night rewrote the last full row group of each such table
 * to fold the new one in: at 5 M events most of a night's checkpoint, about 2–3 of its 30–35 CPU
 * seconds (docs/operations.md, "Compaction"). The warehouse is opened with the vacuum off
 * (src/duckdb/duckdb.ts), so the small row groups stay as they are until a run that compacts
 * turns it on, and that run folds a week of them at once.
 *
 * A run compacts when it is full (its tables are new anyway) or when the `compactEvery` − 1
 * runs before it did not. Each run that gets that far records whether it did (`runs.compacted`;
 * null for a run that stopped before, which compacted nothing).
 */
import { Effect } from "effect"
import type { Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"

/** Every this many runs, at least one compacts. */
export const compactEvery = 7

/** Whether the `compactEvery` − 1 runs before `runId` all left the warehouse uncompacted. */
export const compactionDue = (db: Statements, runId: string): Effect.Effect<boolean, WarehouseError> =>
  Effect.map(
    db.all(
      `select count(*)::integer as runs
from runs
where run_id <> $run_id
  and started_at > coalesce((select max(started_at) from runs where compacted and run_id <> $run_id), '-infinity'::timestamptz)`,
      { run_id: runId }
    ),
    (rows) => Number(rows[0]?.["runs"] ?? 0) >= compactEvery - 1
  )

/**
 * Sets whether this run's checkpoints vacuum (a setting of the whole database, so of every
 * connection, the closing checkpoint's too; `reset` is DuckDB's default, on) and records it on
 * the run's row.
 */
export const setCompaction = (db: Statements, runId: string, compact: boolean): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* db.run(compact ? "reset max_vacuum_tasks" : "set max_vacuum_tasks = 0")
    yield* db.run("update runs set compacted = $compacted where run_id = $run_id", { compacted: compact, run_id: runId })
  })
