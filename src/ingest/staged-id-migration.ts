/**
 * Warehouses loaded before an e-mail address in an id column was staged as its pseudonym
 * (source-columns.ts, `stagedId`) hold such ids raw. Once, with the run's key, they are replaced
 * by their pseudonyms, so no raw address is left for the rebuilt tables and outputs to carry;
 * warehouse_migrations records it, so the staging tables are not scanned again. A program
 * version change rebuilds every derived table (docs/operations.md), so they follow.
 */
import { Effect } from "effect"
import { sourceNames } from "../../schemas/sources.ts"
import type { Params, Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { eventsTable, idColumnsMaybeEmailOf, stagedId } from "./source-columns.ts"

const name = "email_shaped_ids"

/** Whether the migration was applied (a run of this version loaded or re-staged the warehouse). */
export const stagedIdsCurrent = (db: Statements): Effect.Effect<boolean, WarehouseError> =>
  db.all("select count(*)::integer as n from warehouse_migrations where name = $name", { name }).pipe(
    Effect.map(([done]) => Number(done?.["n"] ?? 0) > 0)
  )

/** `pads`: the run's HMAC pads ($pii_ipad, $pii_opad). */
export const pseudonymiseStagedEmailIds = (db: Statements, pads: Params): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    if (yield* stagedIdsCurrent(db)) return
    for (const source of sourceNames) {
      for (const column of idColumnsMaybeEmailOf(source)) {
        // a pseudonym is hex, never an address: running this again changes nothing
        yield* db.run(`update ${eventsTable(source)} set ${column} = ${stagedId(column)} where ${column} like '%@%'`, pads)
      }
    }
    yield* db.run("insert into warehouse_migrations values ($name, now())", { name })
  })
