/**
 * Rewrites the warehouse file so that deleted rows survive in no block: DuckDB's DELETE and
 * CHECKPOINT leave deleted values in the file's free blocks (docs/privacy.md, "Compaction").
 * The open warehouse is checkpointed (its write-ahead log emptied into the file), copied table by
 * table into a new file beside it, and the new file renamed over the old one: rename(2) is
 * atomic, so a process killed at any moment leaves the old file or the new one, and the
 * `finish` statement, run in the new file before the rename, lands with it or not at all.
 *
 * The open service must not write to the old file afterwards: compaction is the last thing
 * done with it (its instance still points at the old, unlinked file).
 */
import { Effect } from "effect"
import { chmodSync, closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync } from "node:fs"
import { dirname } from "node:path"
import type { DuckdbService } from "../duckdb/duckdb.ts"
import { sqlIdent, sqlString } from "../duckdb/sql-text.ts"
import { WarehouseError } from "../errors.ts"

/** The new file while it is written; a leftover of a killed compaction is removed first. */
const compactingPath = (warehouse: string): string => `${warehouse}.compacting`

export const compactWarehouse = (db: DuckdbService, finish: string): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    // the file itself, where `--warehouse` is a link: renaming over the link would leave the
    // old file, erased rows and all, where the link pointed
    const warehouse = yield* Effect.try({
      try: () => realpathSync(db.path),
      catch: (e) => new WarehouseError({ message: `cannot resolve ${db.path}: ${e instanceof Error ? e.message : String(e)}` })
    })
    const target = compactingPath(warehouse)
    const removeLeftovers = Effect.try({
      try: () => {
        rmSync(target, { force: true })
        rmSync(`${target}.wal`, { force: true })
      },
      catch: (e) => new WarehouseError({ message: `cannot remove ${target}: ${e instanceof Error ? e.message : String(e)}` })
    })
    yield* removeLeftovers
    const [current] = yield* db.all("select current_database() as name")
    const source = sqlIdent(String(current?.["name"]))
    yield* db.run("checkpoint")
    yield* db.run(`attach ${sqlString(target)} as compacted`)
    yield* db.run(`copy from database ${source} to compacted`).pipe(
      Effect.zipRight(db.run(`use compacted`)),
      Effect.zipRight(db.run(finish)),
      Effect.ensuring(db.run(`use ${source}`).pipe(Effect.ignore)),
      Effect.zipRight(db.run("detach compacted")),
      Effect.tapError(() => db.run("detach database if exists compacted").pipe(Effect.ignore, Effect.zipRight(removeLeftovers.pipe(Effect.ignore))))
    )
    yield* Effect.try({
      try: () => {
        // the copy gets the old file's permissions (an operator's 0600 stays 0600)
        chmodSync(target, statSync(warehouse).mode & 0o7777)
        renameSync(target, warehouse)
        // the rename itself durable before anything is said to be complete
        const dir = openSync(dirname(warehouse), "r")
        try {
          fsyncSync(dir)
        } finally {
          closeSync(dir)
        }
      },
      catch: (e) => new WarehouseError({ message: `cannot replace ${warehouse} with its compacted copy: ${e instanceof Error ? e.message : String(e)}` })
    })
  })
