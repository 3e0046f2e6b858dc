/**
 * The identity stage: links every identifier that co-occurs on an event into customers
 * (connected components), with merge guards, and maps every event to its customer. Models in
 * sql/identity/: rebuilt from all staged events, or, incrementally, for the identifiers new
 * events touch. Definitions: docs/identity.md.
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import type { ModelStage, StageContext } from "../run/stage.ts"
import type { DuckdbService, Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import { mergeIncremental, type IncrementalTable } from "../duckdb/incremental.ts"
import { keepAsDelta, runModel, withShadows, withTemporaryTables, type Materialize } from "../duckdb/models.ts"
import { eventsTable } from "../ingest/source-columns.ts"
import { sourceNames } from "../../schemas/sources.ts"
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

// Reviews carry no customer identifier (see int_identity_observations.sql).
const identitySources = sourceNames.filter((s) => s !== "review")

/**
 * The graph models from the observations to the event → customer map, as tables or, over a
 * slice, as temporary tables; `guard` runs between the nodes and the edges (the slice holds
 * identifiers it does not recompute back). Returns the label-propagation rounds.
 */
const graphModels = (db: Statements, ctx: StageContext, as: Materialize, guard: Effect.Effect<void, WarehouseError> = Effect.void) =>
  Effect.gen(function*() {
    yield* runModel(db, "identity/int_identity_links.sql", {}, as)
    yield* runModel(db, "identity/int_identity_nodes.sql", { max_links: ctx.config.identity.maxLinksPerType }, as)
    yield* guard
    yield* runModel(db, "identity/int_identity_edges.sql", {}, as)
    const rounds = yield* propagateLabels(db, as)
    yield* runModel(db, "identity/int_identity_components.sql", {}, as)
    yield* runModel(db, "identity/identity_map.sql", {}, as)
    yield* runModel(db, "identity/int_event_customers.sql", {}, as)
    return rounds
  })

const observationParams = (rawBlocklist: ReadonlyArray<string>) => ({ raw_blocklist: listValue([...rawBlocklist]) })

/** Every identity model from all staged events; the warehouse tables are replaced. */
const fullBuild = (db: DuckdbService, ctx: StageContext, rawBlocklist: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    yield* db.runFile("identity/int_identity_observations.sql", observationParams(rawBlocklist))
    return yield* graphModels(db, ctx, "table")
  })

/** The tables an incremental run updates in place (src/duckdb/incremental.ts), in merge order. */
export const identityTables: ReadonlyArray<IncrementalTable> = [
  // the events of the customers the recomputed identifiers had before
  {
    table: "int_event_customers", key: ["source", "event_id"],
    scope: { keys: "delta_identity_identifiers", on: ["customer_key"], as: ["old_customer_key"] }, write: "changed"
  },
  { table: "identity_map", key: ["identifier_type", "identifier"], scope: { keys: "delta_identity_identifiers" }, write: "replace" }
]

/** What an incremental run reads from the pipeline and leaves for the journeys stage. */
export const identityHandOver = {
  consumes: ["delta_files"],
  produces: ["delta_identity_customers", "delta_identity_changed_events"]
} as const

/**
 * The same models over the events that share an identifier with a new event (docs/identity.md,
 * "Incremental refresh"); identity_map, int_event_customers and int_identity_observations are
 * updated in place.
 */
const incrementalBuild = (db: DuckdbService, ctx: StageContext, rawBlocklist: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const newEvents = identitySources.map((source) => ({ table: eventsTable(source), where: "t.file_id in (select file_id from delta_files)" }))
    // the new events' observations, and the pairs of identifiers they link (the same models)
    yield* withShadows(db, newEvents, Effect.zipRight(
      runModel(db, "identity/int_identity_observations.sql", observationParams(rawBlocklist), "temp"),
      runModel(db, "identity/int_identity_links.sql", {}, "temp")
    ))
    yield* keepAsDelta(db, ["int_identity_observations", "int_identity_links"])
    // Each statement commits on its own, as in the journeys stage: DuckDB reads tables made
    // earlier in one open transaction far more slowly (the edges of a night's slice: 0.28–0.45 s
    // inside one, 0.01–0.02 s outside), and a run that fails before its build is recorded makes
    // the next run a full one, so a half-merged identity layer is never built on.

    // before the merges change identity_map and int_identity_links: it compares the new events'
    // identifiers and links with them
    yield* db.runFile("identity/delta/delta_identity_identifiers.sql")
    yield* db.run("insert into int_identity_observations select * from delta_int_identity_observations")
    yield* db.runFile("identity/delta/delta_identity_events.sql")
    const slice = [{
      table: "int_identity_observations",
      where: "exists (select 1 from delta_identity_events as e where e.source = t.source and e.event_id = t.event_id)"
    }]
    const built = ["identity_map", "int_event_customers"]
    // the graph's other temporary tables would shadow the warehouse's in the merges
    const iterations = yield* withTemporaryTables(db, built,
      withShadows(db, slice, graphModels(db, ctx, "temp", db.runFile("identity/delta/delta_identity_guard.sql"))))
    yield* keepAsDelta(db, built)
    yield* db.runFile("identity/delta/delta_identity_customers.sql")
    yield* Effect.forEach(identityTables, (t) => mergeIncremental(db, t), { discard: true })
    yield* db.runFile("identity/delta/identity_new_events.sql")
    return iterations
  })

export const identityStage: ModelStage = {
  name: "identity",
  handOver: identityHandOver,
  run: Effect.fnUntraced(function*(ctx: StageContext) {
    const rawBlocklist = ctx.config.identity.blocklist.map((v) => v.trim().toLowerCase())
    // In a full build each model commits on its own, as in the journeys stage (see there for
    // why); a run that fails before its build is recorded makes the next run a full one.
    const db = ctx.db
    yield* db.runFile("identity/identity_blocklist.sql")
    const iterations = yield* withTemporaryTables(db, identityHandOver.produces, ctx.refresh.mode === "full"
      ? fullBuild(db, ctx, rawBlocklist)
      : incrementalBuild(db, ctx, rawBlocklist))
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
