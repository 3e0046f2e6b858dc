/**
 * Connected components of the identity graph by label propagation: each round is one set-wise
 * statement over all edges (sql/identity/int_identity_labels_next.sql); the loop here only
 * counts rounds until no label changes. Rounds are bounded by the graph's diameter (pointer
 * jumping usually makes it far fewer), so the cap is a guard against a broken invariant, not a
 * limit real data reaches.
 */
import { Effect } from "effect"
import type { Statements } from "../duckdb/duckdb.ts"
import { runModel, type Materialize } from "../duckdb/models.ts"
import { WarehouseError } from "../errors.ts"

const maxRounds = 10_000

/** Runs rounds until the labels are final; returns how many rounds ran. */
export const propagateLabels = (db: Statements, as: Materialize = "table"): Effect.Effect<number, WarehouseError> =>
  Effect.gen(function*() {
    yield* runModel(db, "identity/int_identity_labels.sql", {}, as)
    const changedSql = yield* db.sqlFile("identity/int_identity_labels_changed.sql")
    for (let round = 1; round <= maxRounds; round++) {
      yield* runModel(db, "identity/int_identity_labels_next.sql", {}, as)
      const [row] = yield* db.all(changedSql)
      yield* db.runFile("identity/int_identity_labels_advance.sql")
      if (Number(row?.["changed"] ?? 0) === 0) return round
    }
    return yield* new WarehouseError({
      message: `identity label propagation did not settle after ${maxRounds} rounds; this is a bug, please report it with the run id`
    })
  })
