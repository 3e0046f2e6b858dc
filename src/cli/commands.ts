/**
 * The command line (contract section 3). Commands only parse, call a pipeline and render;
 * src/main.ts maps failures to exit codes.
 */
import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { statSync } from "node:fs"
import { loggedProgress, runPipeline, silentProgress } from "../../pipelines/run.ts"
import { scheduleLoop } from "../../pipelines/schedule.ts"
import { liveCron } from "../schedule/cron.ts"
import { layer as duckdbLayer, Duckdb } from "../duckdb/duckdb.ts"
import { GenerateFailed, StatusUnhealthy, UsageInvalid, ValidationFailed } from "../errors.ts"
import { filesFromPaths } from "../ingest/discover.ts"
import { ingestFiles } from "../ingest/ingest.ts"
import { everScheduled, freshness, healthFindings, quarantinedRows, recentRuns, unreadableFiles } from "../run/run-history.ts"
import { ensureWarehouse } from "../ingest/ingest.ts"
import { sourceNames } from "../../schemas/sources.ts"
import { checkDate, configOption, loadWithOverrides } from "./options.ts"
import { forgetText, previewText, summaryText, terminalProgress } from "./render.ts"
import { forgetPipeline } from "../../pipelines/forget.ts"
import { checkPublishTarget, layoutFor } from "../publish/atomic-swap.ts"
import { readIdentifierFile } from "./identifier-file.ts"
import { recentErasures, type ForgetRequest } from "../privacy/erasure.ts"
import type { Config } from "../../schemas/config.ts"

const warehouseLayer = (config: Config) =>
  duckdbLayer({
    path: config.paths.warehouse,
    threads: config.duckdb.threads,
    memoryLimit: config.duckdb.memoryLimit,
    lockWaitSeconds: config.schedule.lockWaitSeconds
  })

/** Why `path` holds no warehouse to read, or null when it holds a file (DuckDB says whether it is one). */
const noWarehouse = (path: string): string | null => {
  const found = statSync(path, { throwIfNoEntry: false })
  if (found === undefined) return `there is no warehouse at ${path}: no run has created one there (check --warehouse or paths.warehouse)`
  return found.isFile() ? null : `the warehouse ${path} is a folder, not a DuckDB file (check --warehouse or paths.warehouse)`
}

/** Commands that read a warehouse must not create one where a path was mistyped. */
const requireWarehouse = (path: string): Effect.Effect<void, UsageInvalid> => {
  const problem = noWarehouse(path)
  return problem === null ? Effect.void : Effect.fail(new UsageInvalid({ message: problem }))
}

const checkInbox = (inbox: string): Effect.Effect<void, UsageInvalid> =>
  statSync(inbox, { throwIfNoEntry: false })?.isDirectory() === true
    ? Effect.void
    : Effect.fail(new UsageInvalid({
      message: `the inbox ${inbox} is not a folder: pass --inbox (or set paths.inbox) to the folder with web/, store/, … subfolders, ` +
        `or write a sample there with \`pnpm pipeline generate --inbox ${inbox}\``
    }))

const path = (name: string, description: string) => Options.text(name).pipe(Options.withDescription(description), Options.optional)

/** The flags of every command that opens the warehouse and publishes (`run`, `forget`). */
const pipelinePaths = {
  config: configOption,
  inbox: path("inbox", "folder with <source>/ subfolders of input files (default: paths.inbox)"),
  out: path("out", "folder to publish Parquet tables into (default: paths.out)"),
  warehouse: path("warehouse", "DuckDB warehouse file (default: paths.warehouse)")
}

const run = Command.make(
  "run",
  {
    ...pipelinePaths,
    since: Options.text("since").pipe(Options.withDescription("first business date (YYYY-MM-DD) of the published window"), Options.optional),
    until: Options.text("until").pipe(Options.withDescription("last business date (YYYY-MM-DD) of the published window"), Options.optional),
    fullRefresh: Options.boolean("full-refresh").pipe(Options.withDescription("rebuild every derived table from all loaded events")),
    maxQuarantineShare: Options.float("max-quarantine-share").pipe(
      Options.withDescription("stop before publishing when more than this share of one source's rows is quarantined (default 0.05)"),
      Options.optional
    ),
    json: Options.boolean("json").pipe(Options.withDescription("print one JSON summary to stdout and nothing else there"))
  },
  (o) =>
    Effect.gen(function*() {
      const since = yield* checkDate("since", o.since)
      const until = yield* checkDate("until", o.until)
      if (since !== null && until !== null && since > until) {
        return yield* new UsageInvalid({ message: `--since ${since} is after --until ${until}` })
      }
      const loaded = yield* loadWithOverrides(o.config, o)
      // before the warehouse is opened (or created): a bad --inbox or --out leaves nothing behind
      yield* checkInbox(loaded.config.paths.inbox)
      yield* checkPublishTarget(layoutFor(loaded.config.paths.out), loaded.config.paths.plainOut)
      const summary = yield* runPipeline(
        { config: loaded.config, piiKeyFromEnv: loaded.piiKeyFromEnv, since, until, fullRefresh: o.fullRefresh, trigger: "cli" },
        terminalProgress(process.stderr)
      ).pipe(Effect.provide(warehouseLayer(loaded.config)))
      yield* o.json ? Console.log(JSON.stringify(summary)) : Console.log(summaryText(summary))
    })
).pipe(Command.withDescription("load new inbox files, rebuild what they affect, publish Parquet outputs"))

const validate = Command.make(
  "validate",
  {
    config: configOption,
    paths: Args.text({ name: "file or dir" }).pipe(Args.atLeast(1)),
    show: Options.integer("show").pipe(
      Options.withDescription("print each file's first N rows as its mapping makes them, with row numbers, and per field how many rows came out empty"),
      Options.withDefault(0)
    ),
    json: Options.boolean("json").pipe(Options.withDescription("print the report as JSON"))
  },
  (o) =>
    Effect.gen(function*() {
      const loaded = yield* loadWithOverrides(o.config, { inbox: Option.none(), out: Option.none(), warehouse: Option.none() })
      const discovered = yield* filesFromPaths(o.paths)
      const report = yield* Effect.gen(function*() {
        const db = yield* Duckdb
        const result = yield* ingestFiles(db, {
          runId: "validate",
          timezone: loaded.config.timezone,
          piiKey: Buffer.from("validate"),
          maxQuarantineShare: 1,
          now: new Date(),
          sources: loaded.config.sources,
          minTimestamp: loaded.config.ingest.minTimestamp,
          preview: o.show
        }, discovered)
        const problems = yield* db.all("select file, row_number, rule, message from quarantine order by file, row_number limit 200")
        return { files: result.files, problems, previews: result.previews }
      }).pipe(Effect.provide(duckdbLayer({ path: ":memory:", threads: loaded.config.duckdb.threads, memoryLimit: loaded.config.duckdb.memoryLimit })))
      const bad = report.files.filter((f) => f.status === "unreadable" || f.status === "unsupported" || f.quarantined > 0)
      if (o.show < 0) return yield* new UsageInvalid({ message: `--show ${o.show} must be 0 or more` })
      if (o.json) yield* Console.log(JSON.stringify(report))
      else {
        for (const f of report.files) {
          const counts = f.status === "loaded"
            ? `${f.rowsRead} rows: ${f.accepted} valid, ${f.quarantined} invalid, ${f.duplicates} duplicate${f.filtered > 0 ? `, ${f.filtered} filtered` : ""}`
            : f.message ?? ""
          yield* Console.log(`${f.status === "loaded" && f.quarantined === 0 ? "ok  " : "FAIL"} ${f.path} (${f.source}, ${f.format ?? "?"}${f.mapping === null ? "" : `, ${f.mapping}`}): ${counts}`)
          const preview = report.previews.find((p) => p.path === f.path)
          if (preview !== undefined) yield* Console.log(previewText(preview))
        }
        for (const p of report.problems) yield* Console.log(`     ${String(p["file"])}:${String(p["row_number"])} ${String(p["rule"])}: ${String(p["message"])}`)
      }
      if (bad.length > 0) {
        return yield* new ValidationFailed({ message: `${bad.length} of ${report.files.length} files do not meet the contract` })
      }
    })
).pipe(Command.withDescription("check files against the input contract without loading them (exit 1 when any row or file fails)"))

const status = Command.make(
  "status",
  {
    config: configOption,
    warehouse: path("warehouse", "DuckDB warehouse file (default: paths.warehouse)"),
    limit: Options.integer("limit").pipe(Options.withDescription("how many runs to show"), Options.withDefault(10)),
    json: Options.boolean("json").pipe(Options.withDescription("print runs, freshness and problems as JSON"))
  },
  (o) =>
    Effect.gen(function*() {
      if (o.limit < 1) return yield* new UsageInvalid({ message: `--limit ${o.limit} must be at least 1` })
      const loaded = yield* loadWithOverrides(o.config, { inbox: Option.none(), out: Option.none(), warehouse: o.warehouse })
      // a monitor asking before the first run (or at a mistyped path) gets that as the one
      // problem, and no empty warehouse is made there
      const missing = noWarehouse(loaded.config.paths.warehouse)
      const { runs, fresh, erasures, scheduled, unreadable } = missing !== null
        ? { runs: [], fresh: [], erasures: [], scheduled: false, unreadable: [] }
        : yield* Effect.gen(function*() {
          const db = yield* Duckdb
          yield* ensureWarehouse(db)
          return {
            runs: yield* recentRuns(db, o.limit), fresh: yield* freshness(db, sourceNames), erasures: yield* recentErasures(db, o.limit),
            scheduled: yield* everScheduled(db), unreadable: yield* unreadableFiles(db)
          }
        }).pipe(Effect.provide(warehouseLayer(loaded.config)))
      const unfinished = [...new Set(erasures.filter((e) => e.completed_at === null).map((e) => e.erasure_id))]
      const health = missing !== null
        ? { problems: [missing], notes: [] }
        : healthFindings(runs, fresh, new Date(), loaded.config.schedule.maxDataAgeHours, scheduled)
      const problems = [
        ...health.problems,
        ...unfinished.map((id) => `erasure ${id} is unfinished: run \`pnpm pipeline forget\` to finish it`),
        ...unreadable.map((f) =>
          `inbox file ${f.path} could not be read in run ${f.run_id}${f.message === null ? "" : ` (${f.message.split("\n")[0]})`}; every run tries it again: fix the file or take it out of the inbox`
        )
      ]
      if (o.json) yield* Console.log(JSON.stringify({ runs, freshness: fresh, erasures, problems, notes: health.notes }))
      else if (missing === null) {
        if (runs.length === 0) yield* Console.log(`no runs recorded in ${loaded.config.paths.warehouse}`)
        else {
          yield* Console.log(`${"run".padEnd(24)} ${"trigger".padEnd(8)} ${"started (UTC)".padEnd(21)} ${"outcome".padEnd(17)} ${"seconds".padStart(8)} ${"accepted".padStart(10)} ${"quarantined".padStart(12)}`)
          for (const r of runs) {
            yield* Console.log(
              `${r.run_id.padEnd(24)} ${r.trigger.padEnd(8)} ${r.started_at.padEnd(21)} ${r.outcome.padEnd(17)} ${(r.seconds?.toFixed(1) ?? "-").padStart(8)} ` +
                `${String(r.rows_accepted ?? "-").padStart(10)} ${String(r.rows_quarantined ?? "-").padStart(12)}${r.error === null ? "" : `\n  ${r.error.split("\n")[0]}`}`
            )
          }
        }
        yield* Console.log("")
        yield* Console.log(`${"source".padEnd(10)} ${"latest event (UTC)".padEnd(21)} ${"latest file loaded (UTC)".padEnd(25)} file`)
        for (const f of fresh) {
          yield* Console.log(`${f.source.padEnd(10)} ${(f.latest_event_at ?? "-").padEnd(21)} ${(f.latest_file_at ?? "-").padEnd(25)} ${f.latest_file ?? "-"}`)
        }
        if (erasures.length > 0) {
          yield* Console.log("")
          yield* Console.log(`${"erasure".padEnd(24)} ${"requested (UTC)".padEnd(21)} ${"completed (UTC)".padEnd(21)} ${"identifier".padEnd(12)} ${"hash".padEnd(14)} ${"outcome".padEnd(10)} ${"customers".padStart(9)} ${"events".padStart(8)}`)
          for (const e of erasures) {
            yield* Console.log(
              `${e.erasure_id.padEnd(24)} ${e.requested_at.padEnd(21)} ${(e.completed_at ?? "unfinished").padEnd(21)} ${e.identifier_type.padEnd(12)} ` +
                `${`${e.identifier_hash.slice(0, 12)}…`.padEnd(14)} ${e.outcome.padEnd(10)} ${String(e.customers).padStart(9)} ${String(e.events).padStart(8)}`
            )
          }
        }
      }
      if (!o.json) {
        for (const n of health.notes) yield* Console.log(`note: ${n}`)
        for (const p of problems) yield* Console.log(`PROBLEM: ${p}`)
      }
      // the findings are in the report above; the exit code says there were some
      if (problems.length > 0) return yield* new StatusUnhealthy({ message: `${problems.length} problem(s), listed above` })
    })
).pipe(Command.withDescription("recent runs and data freshness per source; exits 1 when there is no warehouse, the last run failed, the data is stale or an inbox file could not be read"))

const quarantine = Command.make(
  "quarantine",
  {
    config: configOption,
    warehouse: path("warehouse", "DuckDB warehouse file (default: paths.warehouse)"),
    run: Options.text("run").pipe(Options.withDescription("only rows of this run (a run id from `status`); default: the latest run that quarantined any"), Options.optional),
    source: Options.choice("source", sourceNames).pipe(Options.withDescription("only rows of this source"), Options.optional),
    limit: Options.integer("limit").pipe(Options.withDescription("how many rows to show"), Options.withDefault(50)),
    json: Options.boolean("json").pipe(Options.withDescription("print the rows as one JSON object"))
  },
  (o) =>
    Effect.gen(function*() {
      if (o.limit < 1) return yield* new UsageInvalid({ message: `--limit ${o.limit} must be at least 1` })
      const loaded = yield* loadWithOverrides(o.config, { inbox: Option.none(), out: Option.none(), warehouse: o.warehouse })
      yield* requireWarehouse(loaded.config.paths.warehouse)
      const found = yield* Effect.gen(function*() {
        const db = yield* Duckdb
        yield* ensureWarehouse(db)
        return yield* quarantinedRows(db, { runId: Option.getOrNull(o.run), source: Option.getOrNull(o.source), limit: o.limit })
      }).pipe(Effect.provide(warehouseLayer(loaded.config)))
      if (o.json) return yield* Console.log(JSON.stringify(found))
      if (found.run_id === null) return yield* Console.log(`no quarantined rows in ${loaded.config.paths.warehouse}`)
      yield* Console.log(`run ${found.run_id}: ${found.total} quarantined row(s)${found.total > found.rows.length ? `, the first ${found.rows.length} shown` : ""}`)
      for (const [rule, n] of Object.entries(found.by_rule)) yield* Console.log(`  ${rule}: ${n}`)
      for (const r of found.rows) yield* Console.log(`${r.source} ${r.file}:${r.row_number} ${r.rule}: ${r.message}`)
    })
).pipe(Command.withDescription("rows the runs quarantined: source, file, row, rule and message (default: the latest run that quarantined any)"))

const identifierFlags = {
  customerId: "customer-id",
  email: "email",
  phone: "phone",
  loyaltyId: "loyalty-id",
  anonymousId: "anonymous-id"
} as const
const repeatedText = (name: string, description: string) => Options.text(name).pipe(Options.withDescription(description), Options.repeated)

const forget = Command.make(
  "forget",
  {
    ...pipelinePaths,
    customerId: repeatedText("customer-id", "a customer id of the person (repeatable)"),
    email: repeatedText("email", "an e-mail address of the person (repeatable)"),
    phone: repeatedText("phone", "a phone number of the person (repeatable)"),
    loyaltyId: repeatedText("loyalty-id", "a loyalty card id of the person (repeatable)"),
    anonymousId: repeatedText("anonymous-id", "a web tracking (cookie/device) id of the person (repeatable)"),
    file: path("file", "a file of identifiers, one `type:value` a line (e.g. email:ana@example.de); # starts a comment"),
    dryRun: Options.boolean("dry-run").pipe(Options.withDescription("show who and how many rows would go; change nothing")),
    json: Options.boolean("json").pipe(Options.withDescription("print one JSON summary to stdout and nothing else there"))
  },
  (o) =>
    Effect.gen(function*() {
      const named: Array<ForgetRequest> = []
      for (const [key, flag] of Object.entries(identifierFlags) as Array<[keyof typeof identifierFlags, string]>) {
        for (const value of o[key]) named.push({ type: flag.replace("-", "_") as ForgetRequest["type"], value })
      }
      if (Option.isSome(o.file)) named.push(...(yield* readIdentifierFile(o.file.value)))
      const loaded = yield* loadWithOverrides(o.config, o)
      yield* requireWarehouse(loaded.config.paths.warehouse)
      const summary = yield* forgetPipeline(
        { config: loaded.config, piiKeyFromEnv: loaded.piiKeyFromEnv, requests: named, dryRun: o.dryRun },
        warehouseLayer(loaded.config),
        o.json ? silentProgress : terminalProgress(process.stderr)
      )
      yield* o.json ? Console.log(JSON.stringify(summary)) : Console.log(forgetText(summary))
    })
).pipe(Command.withDescription("erase customers everywhere (warehouse, outputs, older versions) and keep them out of later loads"))

const generate = Command.make(
  "generate",
  {
    inbox: Options.text("inbox").pipe(Options.withDescription("folder to write <source>/ files into")),
    customers: Options.integer("customers").pipe(Options.withDescription("number of customers"), Options.withDefault(200)),
    days: Options.integer("days").pipe(Options.withDescription("number of days of events"), Options.withDefault(30)),
    seed: Options.integer("seed").pipe(Options.withDescription("random seed: same seed, same files"), Options.withDefault(1)),
    start: Options.text("start").pipe(Options.withDescription("first day (YYYY-MM-DD, UTC)"), Options.withDefault("2026-09-01")),
    formats: Options.choice("formats", ["mixed", "ndjson"]).pipe(Options.withDescription("file formats to write"), Options.withDefault("mixed" as const))
  },
  (o) =>
    Effect.gen(function*() {
      if (o.customers < 1) return yield* new UsageInvalid({ message: `--customers ${o.customers} must be at least 1` })
      if (o.days < 1) return yield* new UsageInvalid({ message: `--days ${o.days} must be at least 1` })
      const start = yield* checkDate("start", Option.some(o.start))
      const summary = yield* Effect.tryPromise({
        // Loaded on demand: `run` should not pay for the generator's start-up.
        try: () => import("../generate/generate-inbox.ts").then(({ generateInbox }) => generateInbox({ inbox: o.inbox, customers: o.customers, days: o.days, seed: o.seed, startDate: start ?? o.start, formats: o.formats })),
        catch: (e) => new GenerateFailed({ message: `generate failed: ${e instanceof Error ? e.message : String(e)}` })
      })
      yield* Console.log(`wrote ${summary.events.toLocaleString("en-US")} events in ${summary.files.length} files to ${o.inbox}`)
    })
).pipe(Command.withDescription("write realistic synthetic events for all six sources (same seed, same files)"))

const schedule = Command.make(
  "schedule",
  { config: configOption },
  (o) =>
    Effect.gen(function*() {
      const loaded = yield* loadWithOverrides(o.config, { inbox: Option.none(), out: Option.none(), warehouse: Option.none() })
      // The warehouse is opened per run, so a run started by hand between two nightly runs is not locked out.
      const runOnce = runPipeline(
        { config: loaded.config, piiKeyFromEnv: loaded.piiKeyFromEnv, since: null, until: null, fullRefresh: false, trigger: "schedule" },
        loggedProgress
      ).pipe(Effect.provide(warehouseLayer(loaded.config)))
      return yield* scheduleLoop(loaded.config, runOnce).pipe(Effect.provide(liveCron))
    })
).pipe(Command.withDescription("run the pipeline on the configured cron schedule until stopped (SIGINT/SIGTERM)"))

export const touchpoint = Command.make("touchpoint").pipe(
  Command.withDescription("Customer-journey attribution and CX KPIs: inbox events → DuckDB → Parquet"),
  Command.withSubcommands([run, validate, generate, status, schedule, forget, quarantine])
)

export const cli = Command.run(touchpoint, { name: "touchpoint", version: "0.1.0" })
