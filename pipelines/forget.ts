/**
 * The `forget` pipeline (contract section 7, docs/privacy.md):
 *
 *   finish    → an erasure an earlier `forget` left unfinished (killed, failed) is finished first
 *   plan      → the named identifiers → their customers → every row of theirs (src/privacy/erasure.ts)
 *   erase     → one transaction: delete, suppress, record the erasure as pending, invalidate the build
 *   republish → a run that rebuilds every derived table and publishes (pipelines/run.ts)
 *   versions  → every older published version is removed
 *   compact   → the warehouse file is rewritten without the deleted rows, and the erasure marked
 *               complete in the rewritten file (src/privacy/compact.ts)
 *
 * Each step can be repeated: a `forget` killed at any moment leaves the old state or the erased
 * one, and the next `forget` (with or without identifiers) finishes it. It holds the warehouse
 * like a run, so it never runs beside one.
 */
import { Effect, type Layer } from "effect"
import type { Config } from "../schemas/config.ts"
import { Duckdb, type DuckdbService } from "../src/duckdb/duckdb.ts"
import { UsageInvalid, type WarehouseError } from "../src/errors.ts"
import { ensureWarehouse } from "../src/ingest/ingest.ts"
import { resolvePiiKey } from "../src/ingest/pseudonymise.ts"
import { applyErasure, planErasure, type ErasurePlan, type ForgetRequest } from "../src/privacy/erasure.ts"
import { compactWarehouse } from "../src/privacy/compact.ts"
import { layoutFor, removeOtherVersions } from "../src/publish/atomic-swap.ts"
import { makeRunId } from "../src/run/run-id.ts"
import { planningBlocklist } from "../src/identity/identity-blocklist.ts"
import { stagedIdsCurrent } from "../src/ingest/staged-id-migration.ts"
import { runPipeline, silentProgress, type Progress, type RunError, type RunSummary } from "./run.ts"

export interface ForgetOptions {
  readonly config: Config
  readonly piiKeyFromEnv: string | null
  readonly requests: ReadonlyArray<ForgetRequest>
  readonly dryRun: boolean
}

export interface ForgetSummary {
  readonly erasure_id: string | null
  readonly dry_run: boolean
  /** What the identifiers identified and what went (or, with --dry-run, would go). */
  readonly plan: Omit<ErasurePlan, "requests"> & { readonly requests: ReadonlyArray<Omit<ErasurePlan["requests"][number], "customer_key" | "unusable">> }
  /** Erasures an earlier `forget` left unfinished that this one finished. */
  readonly finished_earlier: ReadonlyArray<string>
  /** The run that published the outputs without the erased customers. */
  readonly run: RunSummary | null
  readonly removed_versions: number
}

const emptyPlan: ForgetSummary["plan"] = { requests: [], customers: 0, identifiers: 0, removed: {}, events: 0 }

const pendingErasures = (db: DuckdbService) =>
  db.all("select distinct erasure_id from erasures where completed_at is null order by erasure_id").pipe(
    Effect.map((rows) => rows.map((r) => String(r["erasure_id"])))
  )

/** Republishes, removes the older versions and compacts: the end of every erasure. The last use of `db`. */
const finish = (db: DuckdbService, options: ForgetOptions, reason: string, progress: Progress) =>
  Effect.gen(function*() {
    // no new inbox file is read: finishing an erasure must not depend on what arrived meanwhile
    const run = yield* runPipeline(
      {
        config: options.config, piiKeyFromEnv: options.piiKeyFromEnv, since: null, until: null, fullRefresh: false, trigger: "forget",
        rebuildReason: reason, loadInbox: false
      },
      progress
    ).pipe(Effect.provideService(Duckdb, db))
    const removed = yield* removeOtherVersions(layoutFor(options.config.paths.out))
    yield* progress.note(`removed ${removed.length} older published version(s)`)
    yield* compactWarehouse(db, "update erasures set completed_at = now() where completed_at is null")
    return { run, removedVersions: removed.length }
  })

const publicPlan = (plan: ErasurePlan): ForgetSummary["plan"] => ({
  ...plan,
  requests: plan.requests.map(({ customer_key: _key, unusable: _unusable, ...r }) => r)
})

/** One opening of the warehouse: finishes a pending erasure, or plans (and makes) a new one. */
const pass = (options: ForgetOptions, progress: Progress) =>
  Effect.gen(function*() {
    const db = yield* Duckdb
    yield* ensureWarehouse(db)
    const pending = yield* pendingErasures(db)
    if (pending.length > 0 && !options.dryRun) {
      yield* progress.note(`finishing the unfinished erasure ${pending.join(", ")} first`)
      const done = yield* finish(db, options, `finishing the erasure ${pending.join(", ")}`, progress)
      return { kind: "finished" as const, pending, ...done }
    }
    if (options.requests.length === 0) {
      return yield* new UsageInvalid({ message: "name at least one identifier (--email, --customer-id, … or --file); no erasure is unfinished" })
    }
    const [loaded] = yield* db.all(
      `select (select count(*) from input_files where status = 'loaded') as n,
  (select count(*) from duckdb_tables() where schema_name = 'main' and table_name = 'identity_map') as graphs`
    )
    // before any run has built the identity graph there is no one to find, and no table to erase
    // from; said before the key is resolved, which would write a new key file beside the warehouse
    // (with files loaded and no graph, the check below says the last run did not finish)
    if (Number(loaded?.["n"] ?? 0) === 0 && Number(loaded?.["graphs"] ?? 0) === 0) {
      return yield* new UsageInvalid({
        message: "no run has loaded this warehouse yet, so it holds no one to erase: run `pnpm pipeline run` first (check --warehouse), then forget"
      })
    }
    const pii = yield* resolvePiiKey(options.piiKeyFromEnv, db.path, Number(loaded?.["n"] ?? 0) > 0)
    // the identity graph must hold every loaded event: a build recorded through the newest file
    const [state] = yield* db.all(
      `select (select count(*) from derived_state) as builds,
  coalesce((select max(through_file_id) from derived_state), 0) >= coalesce((select max(file_id) from input_files where status = 'loaded'), 0) as current`
    )
    // ids staged by an earlier version are re-staged, and the graph rebuilt, by the next run
    // (src/ingest/staged-id-migration.ts): until then the graph may hold an address raw
    const mustBeCurrent = Number(loaded?.["n"] ?? 0) > 0 && pending.length === 0
    if (mustBeCurrent && !(yield* stagedIdsCurrent(db))) {
      return yield* new UsageInvalid({
        message: "the warehouse was loaded by an earlier version, whose identifiers this version stages differently: run `pnpm pipeline run` once, then forget"
      })
    }
    if (mustBeCurrent && (Number(state?.["builds"] ?? 0) === 0 || state?.["current"] !== true)) {
      return yield* new UsageInvalid({
        message: "the last run did not finish, so the identity graph may not hold every loaded event: run `pnpm pipeline run`, then forget"
      })
    }
    // the block list as the identity stage sees it, with this key: a listed value is no one's
    yield* planningBlocklist(db, options.config.identity.blocklist, pii.key)
    const plan = yield* planErasure(db, pii.key, options.requests)
    const unusable = plan.requests.filter((r) => r.unusable)
    if (unusable.length > 0) {
      return yield* new UsageInvalid({
        message: `${unusable.map((r) => `--${r.identifier_type.replace("_", "-")}`).join(", ")}: a value with nothing left once normalised (blank, or a phone number without digits) names no one`
      })
    }
    if (options.dryRun) return { kind: "planned" as const, pending, plan }
    const erasureId = makeRunId(new Date())
    yield* applyErasure(db, plan, { erasureId, now: new Date() })
    yield* progress.note(`erased ${plan.customers} customer(s), ${plan.events} event(s); republishing`)
    const done = yield* finish(db, options, `forget ${erasureId} erased ${plan.customers} customer(s)`, progress)
    return { kind: "erased" as const, erasureId, plan, ...done }
  })

export const forgetPipeline = (
  options: ForgetOptions,
  warehouse: Layer.Layer<Duckdb, WarehouseError>,
  progress: Progress = silentProgress
): Effect.Effect<ForgetSummary, RunError | UsageInvalid> =>
  Effect.gen(function*() {
    const first = yield* pass(options, progress).pipe(Effect.provide(warehouse))
    if (first.kind === "planned") {
      return { erasure_id: null, dry_run: true, plan: publicPlan(first.plan), finished_earlier: [], run: null, removed_versions: 0 }
    }
    if (first.kind === "erased") {
      return { erasure_id: first.erasureId, dry_run: false, plan: publicPlan(first.plan), finished_earlier: [], run: first.run, removed_versions: first.removedVersions }
    }
    // the unfinished erasure is finished; the warehouse is reopened (compacted) for the new one
    if (options.requests.length === 0) {
      return { erasure_id: null, dry_run: false, plan: emptyPlan, finished_earlier: first.pending, run: first.run, removed_versions: first.removedVersions }
    }
    const second = yield* pass(options, progress).pipe(Effect.provide(warehouse))
    if (second.kind !== "erased") return yield* Effect.dieMessage("forget: an erasure was still unfinished after it was finished")
    return {
      erasure_id: second.erasureId, dry_run: false, plan: publicPlan(second.plan), finished_earlier: first.pending, run: second.run,
      removed_versions: first.removedVersions + second.removedVersions
    }
  })
