/**
 * Run as its own process by interrupted-query.test.ts, with a warehouse path: gives DuckDB a
 * checkpoint of a second or so (DuckDB does not stop a checkpoint when asked to), starts it on
 * a second connection as a run does beside publishing, interrupts the fiber running it (as
 * SIGTERM interrupts a run) and lets the scopes close the connection and the warehouse. Prints
 * "closed" once they have, then exits; the process must then end.
 */
import { Effect, Fiber } from "effect"
import { Duckdb, layer } from "../../../src/duckdb/duckdb.ts"

const program = Effect.gen(function*() {
  const db = yield* Duckdb
  yield* db.run("set checkpoint_threshold = '10GB'")
  yield* db.run("create table t as select range as id, md5(range::varchar) as h from range(3000000)")
  yield* db.run("checkpoint")
  yield* db.run("update t set h = md5(h)")
  const started = performance.now()
  const checkpoint = yield* Effect.fork(Effect.scoped(Effect.flatMap(db.connect, (other) => other.run("checkpoint"))))
  yield* Effect.sleep("100 millis")
  yield* Fiber.interrupt(checkpoint)
  process.stderr.write(`interrupted after ${Math.round(performance.now() - started)} ms\n`)
}).pipe(Effect.provide(layer({ path: process.argv[2] ?? "", threads: 2, memoryLimit: "512MB" })))

await Effect.runPromise(program)
process.stdout.write("closed\n")
process.exit(0)
