/**
 * The identity stage: links every identifier that co-occurs on an event into customers
 * (connected components), with merge guards, and maps every event to its customer. Models in
 * sql/identity/, rebuilt from all staged events on every run. Definitions: docs/identity.md.
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import type { ModelStage, StageContext } from "../../pipelines/stage.ts"
import type { DuckdbService } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { propagateLabels } from "./label-propagation.ts"

export { blockedIdentifiers, writeIdentityBlocklist } from "./identity-blocklist.ts"

export interface IdentitySummary {
  /** Unblocked identifiers in the graph. */
  readonly identifiers: number
  readonly customers: number
  /** Identifiers in the biggest customer. */
  readonly largestComponent: number
  /** Identifiers on the block list that were seen (they belong to no customer). */
  readonly blockedIdentifiers: number
  /** Identifiers over the maxLinksPerType guard (each a customer of its own that links nothing). */
  readonly sharedIdentifiers: number
  /** blockedIdentifiers + sharedIdentifiers: what the guards held back. */
  readonly heldBack: number
  readonly iterations: number
}

export const identityStage: ModelStage = {
  name: "identity",
  run: Effect.fn("stage.identity")(function*(ctx: StageContext) {
    const { identity } = ctx.config
    const rawBlocklist = identity.blocklist.map((v) => v.trim().toLowerCase())
    // Each model commits on its own, as in the journeys stage (see there for why); a failed run
    // stops before publishing and the next run rebuilds every model.
    const db = ctx.db
    yield* db.runFile("identity/identity_blocklist.sql")
    yield* db.runFile("identity/int_identity_observations.sql", { raw_blocklist: listValue(rawBlocklist) })
    yield* db.runFile("identity/int_identity_nodes.sql", { max_links: identity.maxLinksPerType })
    yield* db.runFile("identity/int_identity_event_nodes.sql")
    yield* db.runFile("identity/int_identity_edges.sql")
    const iterations = yield* propagateLabels(db)
    yield* db.runFile("identity/int_identity_components.sql")
    yield* db.runFile("identity/identity_map.sql")
    yield* db.runFile("identity/int_event_customers.sql")
    yield* db.runFile("identity/int_identity_stats.sql", { iterations })
    const [row] = yield* ctx.db.all("select count(*) as n from identity_map")
    return { rows: Number(row?.["n"] ?? 0) }
  })
}

/** The run-summary facts of the last identity build (largest component, what the guards held back). */
export const identitySummary = (db: DuckdbService): Effect.Effect<IdentitySummary, WarehouseError> =>
  db.all(
    "select identifiers, customers, largest_component, blocked_identifiers, shared_identifiers, iterations from int_identity_stats"
  ).pipe(
    Effect.map(([row]) => {
      const n = (key: string) => Number(row?.[key] ?? 0)
      return {
        identifiers: n("identifiers"),
        customers: n("customers"),
        largestComponent: n("largest_component"),
        blockedIdentifiers: n("blocked_identifiers"),
        sharedIdentifiers: n("shared_identifiers"),
        heldBack: n("blocked_identifiers") + n("shared_identifiers"),
        iterations: n("iterations")
      }
    })
  )
