/**
 * The `run` pipeline, as data and steps:
 *
 *   ingest     → load new inbox files into staging, quarantine bad rows (src/ingest)
 *   retention  → drop events older than retention.days before the newest (src/run/retention.ts)
 *   stages     → the model stages of pipelines/stages.ts, chain by chain, each chain on a
 *                connection of its own; full or incremental (src/run/refresh.ts)
 *   publish    → beside the stages, write each table as Parquet once the stage that completes
 *                it has finished; then await the attribution fit (the deferred work a stage
 *                left running), write its tables, record the build, swap the new version in
 *                (src/publish)
 *
 * Each stage is timed once, as a span (`timed`); the run is recorded in the warehouse whatever
 * its outcome (src/run/run-history.ts). docs/architecture.md walks a row through it.
 */
import { join } from "node:path"
import { Clock, Deferred, Duration, Effect, Schedule } from "effect"
import type { Config } from "../schemas/config.ts"
import type { SourceName } from "../schemas/sources.ts"
import { Duckdb, profiled, type DuckdbService } from "../src/duckdb/duckdb.ts"
import { WarehouseError, type UsageInvalid, type AttributionFitFailed, type FileSystemError, type PublishFailed, type QuarantineLimitExceeded } from "../src/errors.ts"
import { ensureWarehouse, ingest, nothingIngested, type FileOutcome, type SourceCounts } from "../src/ingest/ingest.ts"
import { resolvePiiKey } from "../src/ingest/pseudonymise.ts"
import { digest, startPublication, type Publication, type PublishedTable } from "../src/publish/publish.ts"
import { checkPublishTarget, layoutFor, publishPlainFolder } from "../src/publish/atomic-swap.ts"
import { finishRun, startRun, type StageTiming } from "../src/run/run-history.ts"
import { applyRetention } from "../src/run/retention.ts"
import { makeRunId } from "../src/run/run-id.ts"
import { compactionDue, setCompaction } from "../src/run/compaction.ts"
import { windowCoverage } from "../src/run/window-coverage.ts"
import { buildDigest, invalidateBuild, markNewFiles, planRefresh, recordBuild, type Refresh } from "../src/run/refresh.ts"
import { identitySummary, type IdentitySummary } from "../src/identity/identity-stage.ts"
import { headline, type Headline } from "../src/report/headline.ts"
import { publishReport } from "../src/report/report.ts"
import { writeIdentityBlocklist } from "../src/identity/identity-blocklist.ts"
import { outputs } from "./outputs.ts"
import { sqlIdent } from "../src/duckdb/sql-text.ts"
import { handOverProblems, type DeferredWork, type ModelStage } from "../src/run/stage.ts"
import { modelStageChains, stageOutputs } from "./stages.ts"

export interface RunOptions {
  readonly config: Config
  readonly piiKeyFromEnv: string | null
  readonly since: string | null
  readonly until: string | null
  readonly fullRefresh: boolean
  readonly trigger: "cli" | "schedule" | "test" | "forget"
  /** Rebuild every derived table (keeping the text-score cache), and say why: an erasure did. */
  readonly rebuildReason?: string
  /** Read new inbox files (default); `forget` republishes what the warehouse holds, nothing more. */
  readonly loadInbox?: boolean
}

export interface Progress {
  readonly stageStarted: (stage: string) => Effect.Effect<void>
  readonly stageFinished: (timing: StageTiming) => Effect.Effect<void>
  readonly note: (message: string) => Effect.Effect<void>
}

export const silentProgress: Progress = {
  stageStarted: () => Effect.void,
  stageFinished: () => Effect.void,
  note: () => Effect.void
}

/** For runs nobody watches (the schedule): a note (an unreadable file, held-back identifiers) is a logged warning. */
export const loggedProgress: Progress = {
  stageStarted: () => Effect.void,
  stageFinished: () => Effect.void,
  note: (message) => Effect.logWarning(message)
}

export interface RunSummary {
  readonly run_id: string
  readonly outcome: "success"
  readonly started_at: string
  readonly finished_at: string
  readonly stages: ReadonlyArray<StageTiming>
  readonly sources: Readonly<Record<SourceName, SourceCounts>>
  readonly files: ReadonlyArray<FileOutcome>
  readonly outputs: ReadonlyArray<{ readonly table: string; readonly rows: number; readonly files: number }>
  readonly out: string
  /** The run's report, `<out>/report.html` (docs/report.md). */
  readonly report: string
  /** Size of the identity graph and what the merge guards held back. */
  readonly identity: IdentitySummary
  /** The numbers an analyst looks at first (src/report/headline.ts). */
  readonly headline: Headline
  /** Whether the derived tables were rebuilt from all events or updated with the new files' events, and why. */
  readonly refresh: { readonly mode: Refresh["mode"]; readonly reason: string | null }
  readonly notes: ReadonlyArray<string>
}

export type RunError = WarehouseError | FileSystemError | QuarantineLimitExceeded | PublishFailed | AttributionFitFailed | UsageInvalid

const nowDate = Clock.currentTimeMillis.pipe(Effect.map((ms) => new Date(ms)))

/**
 * The one way a stage is timed: a span named `stage.<name>`, whose duration is reported to the
 * progress and recorded for the run. A stage done in several steps (publish) adds them up.
 */
const timed = <A, E, R>(
  progress: Progress,
  record: StageRecord,
  name: string,
  rows: (a: A) => number,
  body: Effect.Effect<A, E, R>,
  step: "whole" | "first" | "more" | "last" = "whole"
) =>
  Effect.gen(function*() {
    if (step === "whole" || step === "first") yield* progress.stageStarted(name)
    const start = yield* Clock.currentTimeMillis
    const result = yield* body
    const end = yield* Clock.currentTimeMillis
    const timing = record.add({ stage: name, seconds: (end - start) / 1000, rows: rows(result) })
    if (step === "whole" || step === "last") yield* progress.stageFinished(timing)
    return result
  }).pipe(Effect.withSpan(`stage.${name}`))

/**
 * The stages' timings in the order the run declares them (stages of parallel chains finish in
 * any order), a stage timed in several steps once, with their sum.
 */
interface StageRecord {
  readonly add: (timing: StageTiming) => StageTiming
  readonly timings: () => ReadonlyArray<StageTiming>
}

const stageRecord = (order: ReadonlyArray<string>, last: string): StageRecord => {
  const byName = new Map<string, StageTiming>()
  // the declared stages in their order, then any other (a stage's deferred work) as it came, then `last`
  const position = (stage: string) =>
    stage === last ? Number.POSITIVE_INFINITY : order.includes(stage) ? order.indexOf(stage) : order.length + [...byName.keys()].indexOf(stage)
  return {
    add: (t) => {
      const before = byName.get(t.stage)
      const sum = before === undefined ? t : { stage: t.stage, seconds: before.seconds + t.seconds, rows: before.rows + t.rows }
      const rounded = { ...sum, seconds: Math.round(sum.seconds * 1000) / 1000 }
      byName.set(t.stage, rounded)
      return rounded
    },
    timings: () => [...byName.values()].sort((a, b) => position(a.stage) - position(b.stage))
  }
}

/** The temporary relations a stage reads must be on its connection: a stage cannot see another connection's. */
const requireHandOver = (db: DuckdbService, stage: ModelStage): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    const consumes = stage.handOver?.consumes ?? []
    if (consumes.length === 0) return
    const present = new Set((yield* db.all("select table_name from duckdb_tables() where temporary")).map((r) => String(r["table_name"])))
    const missing = consumes.filter((r) => !present.has(r))
    if (missing.length > 0) {
      return yield* new WarehouseError({ message: `stage ${stage.name} reads ${missing.join(", ")}, which no earlier stage left on its connection` })
    }
  })

/** Runs a chain of stages and then drops the relations they handed on, whatever happens. */
const dropHandOver = <A, E>(db: DuckdbService, chain: ReadonlyArray<ModelStage>, body: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  body.pipe(Effect.ensuring(Effect.forEach(chain.flatMap((s) => s.handOver?.produces ?? []), (r) =>
    db.run(`drop table if exists temp.main.${sqlIdent(r)}`), { discard: true }).pipe(Effect.ignore)))

// checked once, when the pipeline is loaded: a mistake here is the code's, not the user's
const handOverMistakes = handOverProblems(modelStageChains, ["delta_files"])
if (handOverMistakes.length > 0) throw new Error(`stage hand-over: ${handOverMistakes.join("; ")}`)
const unknownOutputStages = stageOutputs.filter((o) => !modelStageChains.flat().some((s) => s.name === o.stage)).map((o) => o.stage)
if (unknownOutputStages.length > 0) throw new Error(`published tables of unknown stages: ${unknownOutputStages.join(", ")}`)

export const runPipeline = (options: RunOptions, progress: Progress = silentProgress): Effect.Effect<RunSummary, RunError, Duckdb> =>
  Effect.gen(function*() {
    const db: DuckdbService = yield* Duckdb
    const config = options.config
    const startedAt = yield* nowDate
    const runId = makeRunId(startedAt)
    const notes: Array<string> = []
    // a note goes into the run's summary and, as it happens, to the progress output
    const addNote = (note: string) => Effect.zipRight(Effect.sync(() => notes.push(note)), progress.note(note))
    const configDigest = digest(config)
    // a folder Touchpoint cannot publish to stops the run before it starts, leaving nothing behind
    yield* checkPublishTarget(layoutFor(config.paths.out), config.paths.plainOut)
    yield* ensureWarehouse(db)
    yield* startRun(db, { runId, trigger: options.trigger, startedAt, configDigest })
    const record = stageRecord(["ingest", ...modelStageChains.flat().map((s) => s.name)], "publish")

    const window = { timezone: config.timezone, since: options.since, until: options.until }
    // work a stage left running (the attribution fit), to finish before its tables are published
    const deferred: Array<DeferredWork> = []
    // the version being written, removed if the run does not get to swap it in
    let unswapped: Publication | null = null
    const body = Effect.gen(function*() {
      const [loaded] = yield* db.all("select count(*) as n from input_files where status = 'loaded'")
      const pii = yield* resolvePiiKey(options.piiKeyFromEnv, db.path, Number(loaded?.["n"] ?? 0) > 0)
      if (pii.origin === "created" && pii.keyFile !== null) {
        const note = `created a new pseudonymisation key in ${pii.keyFile} (mode 0600); set TOUCHPOINT_PII_KEY to manage it yourself`
        yield* addNote(note)
      }
      const ingested = yield* timed(progress, record, "ingest", (r) => Object.values(r.sources).reduce((a, s) => a + s.accepted, 0),
        options.loadInbox === false ? Effect.succeed(nothingIngested) : ingest(db, {
          inbox: config.paths.inbox,
          runId,
          timezone: config.timezone,
          piiKey: pii.key,
          maxQuarantineShare: config.quarantine.maxShare,
          now: startedAt,
          hashEveryFile: options.fullRefresh,
          sources: config.sources,
          minTimestamp: config.ingest.minTimestamp
        }))
      // The identity stage compares pseudonymised e-mails and phones, so the configured block
      // list is hashed with the same key before it runs.
      yield* writeIdentityBlocklist(db, config.identity.blocklist, pii.key)
      for (const f of ingested.files) {
        if (f.status === "unreadable" || f.status === "unsupported") {
          const note = `${f.status} file ${f.path}: ${f.message ?? ""}`
          yield* addNote(note)
        }
      }
      if (options.trigger !== "forget") {
        const unfinished = yield* db.all("select distinct erasure_id from erasures where completed_at is null order by 1")
        if (unfinished.length > 0) {
          const note = `erasure ${unfinished.map((r) => String(r["erasure_id"])).join(", ")} is unfinished (older published versions or the warehouse file may still hold ` +
            "the erased customers): run `pnpm pipeline forget` to finish it"
          yield* addNote(note)
        }
      }
      const build = buildDigest({ config, since: options.since, until: options.until, piiKey: pii.key })
      for (const unmatched of ingested.unmatchedMappings) yield* addNote(unmatched)
      if (ingested.replacedFiles > 0) {
        const note = `${ingested.replacedFiles} file(s) read again because their mapping changed; their earlier events were replaced`
        yield* addNote(note)
      }
      const retained = yield* applyRetention(db, config.retention.days)
      if (retained.total > 0) {
        const note = `retention: dropped ${retained.total} events before ${retained.cutoff ?? ""} (retention.days ${config.retention.days ?? ""}); ` +
          "the derived tables are rebuilt and every output written again"
        yield* addNote(note)
      }
      if (options.since !== null || options.until !== null) {
        const coverage = yield* windowCoverage(db, window)
        if (coverage.inWindow === 0) {
          const note = `the window (${options.since ?? "…"} to ${options.until ?? "…"}) holds no event` +
            (coverage.first === null ? "" : ` (the warehouse's events are from ${coverage.first} to ${coverage.last ?? ""})`) +
            ": the tables by date publish no rows, those by week or month only the periods that overlap it"
          yield* addNote(note)
        }
      }
      const refresh = yield* planRefresh(db, {
        fullRefresh: options.fullRefresh, buildDigest: build, replacedFiles: ingested.replacedFiles, retentionDropped: retained.total,
        ...(options.rebuildReason === undefined ? {} : { rebuildReason: options.rebuildReason })
      })
      yield* invalidateBuild(db)
      yield* markNewFiles(db, refresh)
      // An incremental run writes tens of MB of write-ahead log (45 MB a night at 5 M events).
      // At DuckDB's 16 MB threshold it checkpoints two or three times mid-run, each time
      // rewriting the touched row groups of the large tables; one checkpoint after the model
      // stages (below) writes each once (measured: 0.3–0.5 s less a night). A full run writes
      // gigabytes and keeps the default. A database-wide setting: every run sets it.
      yield* db.run(refresh.mode === "incremental" ? "set checkpoint_threshold = '1GB'" : "reset checkpoint_threshold")
      yield* setCompaction(db, runId, refresh.mode === "full" || (yield* compactionDue(db, runId)))
      // No model or published table depends on the order rows were inserted in (an order that
      // matters is an ORDER BY), and without keeping it DuckDB writes a table from every thread
      // at once, with less memory (docs/performance.md). Ingest keeps it (src/ingest/ingest.ts).
      yield* db.run("set preserve_insertion_order = false")
      // snake_case like every other name a BI tool or script reads from the outputs
      const inputFiles = ingested.files.map((f) => ({
        source: f.source, path: f.path, format: f.format, sha256: f.sha256, bytes: f.bytes, status: f.status,
        rows_read: f.rowsRead, accepted: f.accepted, quarantined: f.quarantined, duplicates: f.duplicates, filtered: f.filtered,
        suppressed: f.suppressed,
        mapping: f.mapping, replaced: f.replaced, message: f.message
      }))
      const [through] = yield* db.all("select coalesce(max(file_id), 0) as n from input_files")
      const publication = yield* startPublication(db, {
        out: config.paths.out,
        runId,
        manifest: {
          run_id: runId,
          started_at: startedAt.toISOString(),
          config_digest: configDigest,
          window: { since: options.since, until: options.until },
          through_file_id: Number(through?.["n"] ?? 0),
          input_files: inputFiles
        },
        now: () => new Date(),
        // a full refresh also rewrites (compacts) the staging tables' partitions
        appendOnly: refresh.mode === "incremental"
      })
      unswapped = publication
      const rowsOf = (written: ReadonlyArray<PublishedTable>) => written.reduce((a, t) => a + t.rows, 0)

      // a stage that reads another chain's tables waits for the stages that build them
      const finished = new Map<string, Deferred.Deferred<void>>()
      for (const stage of modelStageChains.flat()) finished.set(stage.name, yield* Deferred.make<void>())
      const deferredOf = new Map<string, DeferredWork>()
      // what the stages hand on to each other ends with their chain
      const chain = (chainDb: DuckdbService, chainStages: ReadonlyArray<ModelStage>) =>
        dropHandOver(chainDb, chainStages, Effect.forEach(chainStages, (stage) =>
          Effect.gen(function*() {
            for (const name of stage.after ?? []) {
              const done = finished.get(name)
              if (done !== undefined) yield* Deferred.await(done)
            }
            if (refresh.mode === "incremental") yield* requireHandOver(chainDb, stage)
            const result = yield* timed(progress, record, stage.name, (r) => r.rows, stage.run({
              db: chainDb, config, runId, since: options.since, until: options.until, fullRefresh: options.fullRefresh, refresh
            }))
            if (result.deferred !== undefined) {
              deferred.push(result.deferred)
              deferredOf.set(stage.name, result.deferred)
            }
            const done = finished.get(stage.name)
            if (done !== undefined) yield* Deferred.succeed(done, undefined)
          }), { discard: true }))
      // the first chain on the run's connection, the others each on a connection of its own;
      // a failing chain interrupts the others
      const stages = Effect.forEach(modelStageChains, (chainStages, i) =>
        i === 0 ? chain(db, chainStages) : Effect.scoped(Effect.flatMap(db.connect, (own) => chain(own, chainStages))),
        { concurrency: "unbounded", discard: true })

      // The model stages' changes go into the warehouse file while the last tables are
      // published, on a connection of its own: DuckDB lets reads go on beside a checkpoint, and
      // its disk writes and compression would otherwise all come when the warehouse is closed
      // (about 1 s of a night at 5 M events, docs/operations.md). It starts once the stages
      // have finished: publishing writes nothing to the warehouse (a writer would make DuckDB
      // refuse the checkpoint). DuckDB also refuses it while a statement that began before the
      // stages' last commits still runs (a table being published since its stage finished):
      // it is tried again until that statement has ended. Best effort: a checkpoint that fails
      // is noted, and closing the warehouse checkpoints anyway.
      const checkpointBeside = Effect.scoped(Effect.flatMap(db.connect, (own) =>
        profiled("checkpoint beside publishing", own.run("checkpoint").pipe(Effect.retry({
          while: (e) => e.message.includes("other write transactions active"),
          schedule: Schedule.spaced(Duration.millis(100)).pipe(Schedule.upTo(Duration.minutes(5)))
        }))))).pipe(
        Effect.catchAll((e) => Effect.logWarning(`checkpoint beside publishing failed (the warehouse is checkpointed when it is closed): ${e.message}`))
      )

      // Each table is written as soon as the stage that completes it has finished (the staging
      // tables at once), on a connection of its own, beside the stages still running: many
      // statements of a nightly run leave a core idle (docs/operations.md). One table at a
      // time, whichever stage finishes first. A table a stage leaves to its deferred work (the
      // attribution fit) is written after that work, and the build is recorded once every
      // table is built: a run that fails before that rebuilds everything next time.
      const groups = [
        { stage: null, tables: outputs(window) },
        ...stageOutputs.map((o) => ({ stage: o.stage, tables: o.tables(window) }))
      ]
      const tables = groups.flatMap((g) => g.tables)
      const writing = yield* Effect.makeSemaphore(1)
      const publishReady = Effect.scoped(Effect.flatMap(db.connect, (own) =>
        Effect.forEach(groups, (group) =>
          Effect.gen(function*() {
            const done = group.stage === null ? undefined : finished.get(group.stage)
            if (done !== undefined) yield* Deferred.await(done)
            const left = new Set(group.stage === null ? [] : deferredOf.get(group.stage)?.tables ?? [])
            // a stage's deferred work builds tables of that stage only: another's would be written before it is built
            const foreign = [...left].filter((name) => !group.tables.some((t) => t.name === name))
            if (foreign.length > 0) return yield* Effect.die(new Error(`stage ${group.stage ?? ""} defers tables it does not publish: ${foreign.join(", ")}`))
            return yield* writing.withPermits(1)(publication.write(group.tables.filter((t) => !left.has(t.name)), own))
          }), { concurrency: "unbounded" }))).pipe(Effect.map((written) => written.flat()))
      const readyWritten = yield* Deferred.make<ReadonlyArray<PublishedTable>>()
      // "publish" is timed from the end of the stages: the time the run waits for it
      yield* Effect.all([
        stages.pipe(Effect.zipRight(Effect.all([
          timed(progress, record, "publish", rowsOf, Deferred.await(readyWritten), "first"),
          checkpointBeside
        ], { concurrency: 2, discard: true }))),
        publishReady.pipe(Effect.flatMap((written) => Deferred.succeed(readyWritten, written)))
      ], { concurrency: "unbounded", discard: true })
      const later = new Set(deferred.flatMap((d) => d.tables))
      for (const work of deferred) yield* timed(progress, record, work.name, (r) => r.rows, work.run)
      yield* recordBuild(db, { buildDigest: build, runId })
      yield* timed(progress, record, "publish", rowsOf, publication.write(tables.filter((t) => later.has(t.name))), "more")
      const publishedAt = yield* nowDate
      const report = yield* timed(progress, record, "publish", () => 0, publishReport(db, publication, {
        language: config.report.language,
        runId,
        window: { since: options.since, until: options.until },
        inputFiles,
        publishedAt
      }), "more")
      const published = yield* timed(progress, record, "publish", () => 0, publication.commit(tables.map((t) => t.name), { sources: report.sources, publishedAt }).pipe(
        Effect.tap(() => config.paths.plainOut === null ? Effect.void : publishPlainFolder(layoutFor(config.paths.out), config.paths.plainOut, runId))
      ), "last")
      const identity = yield* identitySummary(db)
      const numbers = yield* headline(db, { dir: publication.dir, tables: publication.written() })
      if (identity.heldBack > 0) {
        const note = `identity: ${identity.customers} customers, largest has ${identity.largestComponent} identifiers; ` +
          `guards held back ${identity.heldBack} identifiers (${identity.sharedIdentifiers} shared, ${identity.blockedIdentifiers} blocked)`
        yield* addNote(note)
      }
      const finishedAt = yield* nowDate
      const summary: RunSummary = {
        run_id: runId,
        outcome: "success",
        started_at: startedAt.toISOString(),
        finished_at: finishedAt.toISOString(),
        stages: record.timings(),
        sources: ingested.sources,
        files: ingested.files,
        outputs: published.tables.map((t: PublishedTable) => ({ table: t.name, rows: t.rows, files: t.files.length })),
        out: config.paths.out,
        report: join(config.paths.out, report.document.file),
        identity,
        refresh: { mode: refresh.mode, reason: refresh.mode === "full" ? refresh.reason : null },
        headline: numbers,
        notes
      }
      yield* finishRun(db, { runId, finishedAt, outcome: "success", error: null, stages: record.timings(), summary: { sources: summary.sources, outputs: summary.outputs, identity, refresh: summary.refresh } })
      return summary
    })

    return yield* body.pipe(
      // a run that fails or is stopped before its deferred work ran stops that work too (the
      // fit's worker thread would otherwise compute on, across the scheduler's retries)
      Effect.ensuring(Effect.forEach(deferred, (work) => work.cancel, { discard: true })),
      Effect.ensuring(Effect.suspend(() => unswapped?.discard ?? Effect.void)),
      Effect.onInterrupt(() =>
        Effect.gen(function*() {
          const finishedAt = yield* nowDate
          yield* finishRun(db, { runId, finishedAt, outcome: "failed", error: "interrupted (SIGINT/SIGTERM or shutdown); nothing new was published unless the swap had happened", stages: record.timings(), summary: null }).pipe(Effect.ignore)
        })
      ),
      Effect.tapError((e) =>
        Effect.gen(function*() {
          const finishedAt = yield* nowDate
          const outcome = e._tag === "QuarantineLimitExceeded" ? "quarantine_limit" : "failed"
          yield* finishRun(db, { runId, finishedAt, outcome, error: e.message, stages: record.timings(), summary: null }).pipe(Effect.ignore)
        })
      )
    )
  })
