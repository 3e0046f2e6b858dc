/**
 * The `runs` table: one row a run, written when it starts and when it ends, so `status` can
 * show what happened even to a run that was killed (it stays `running` until the next run
 * marks it `abandoned`).
 */
import { Effect } from "effect"
import type { Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"

export type Outcome = "running" | "success" | "failed" | "quarantine_limit" | "abandoned"

export interface StageTiming {
  readonly stage: string
  readonly seconds: number
  readonly rows: number
}

export const startRun = (db: Statements, run: { runId: string; trigger: string; startedAt: Date; configDigest: string }): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* db.run("update runs set outcome = 'abandoned', error = 'the process ended before the run finished' where outcome = 'running'")
    yield* db.run(
      "insert into runs (run_id, trigger, started_at, outcome, config_digest) values ($run_id, $trigger, $started_at::timestamptz, 'running', $digest)",
      { run_id: run.runId, trigger: run.trigger, started_at: run.startedAt.toISOString(), digest: run.configDigest }
    )
  })

export const finishRun = (
  db: Statements,
  run: { runId: string; finishedAt: Date; outcome: Outcome; error: string | null; stages: ReadonlyArray<StageTiming>; summary: unknown }
): Effect.Effect<void, WarehouseError> =>
  db.run(
    "update runs set finished_at = $finished_at::timestamptz, outcome = $outcome, error = $error, stages = $stages::json, summary = $summary::json where run_id = $run_id",
    {
      run_id: run.runId,
      finished_at: run.finishedAt.toISOString(),
      outcome: run.outcome,
      error: run.error,
      stages: JSON.stringify(run.stages),
      summary: JSON.stringify(run.summary)
    }
  )

export interface RunRow {
  readonly run_id: string
  readonly trigger: string
  readonly started_at: string
  readonly finished_at: string | null
  readonly outcome: string
  readonly error: string | null
  readonly seconds: number | null
  readonly rows_accepted: number | null
  readonly rows_quarantined: number | null
}

export const recentRuns = (db: Statements, limit: number): Effect.Effect<ReadonlyArray<RunRow>, WarehouseError> =>
  db.all(
    `select run_id, trigger, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') as started_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') as finished_at, outcome, error,
  round(epoch(finished_at) - epoch(started_at), 1)::double as seconds,
  coalesce((select sum(accepted) from input_files f where f.run_id = r.run_id and f.status = 'loaded'), 0)::bigint as rows_accepted,
  coalesce((select sum(quarantined) from input_files f where f.run_id = r.run_id), 0)::bigint as rows_quarantined
from runs as r
order by started_at desc
limit $limit`,
    { limit }
  ).pipe(Effect.map((rows) => rows.map((r): RunRow => ({
    run_id: String(r["run_id"]),
    trigger: String(r["trigger"]),
    started_at: String(r["started_at"]),
    finished_at: r["finished_at"] === null ? null : String(r["finished_at"]),
    outcome: String(r["outcome"]),
    error: r["error"] === null ? null : String(r["error"]),
    seconds: r["seconds"] === null ? null : Number(r["seconds"]),
    rows_accepted: r["rows_accepted"] === null ? null : Number(r["rows_accepted"]),
    rows_quarantined: r["rows_quarantined"] === null ? null : Number(r["rows_quarantined"])
  }))))

export interface SourceFreshness {
  readonly source: string
  readonly latest_event_at: string | null
  readonly latest_file: string | null
  readonly latest_file_at: string | null
}

/** Per source: the newest event loaded and the newest file loaded. */
export const freshness = (db: Statements, sources: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<SourceFreshness>, WarehouseError> =>
  Effect.forEach(sources, (source) =>
    db.all(
      `select
  (select strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%SZ') from events_${source}) as latest_event_at,
  (select path from input_files where source = $source and status = 'loaded' order by seen_at desc, path desc limit 1) as latest_file,
  (select strftime(max(seen_at), '%Y-%m-%dT%H:%M:%SZ') from input_files where source = $source and status = 'loaded') as latest_file_at`,
      { source }
    ).pipe(Effect.map(([r]) => ({
      source,
      latest_event_at: r?.["latest_event_at"] == null ? null : String(r["latest_event_at"]),
      latest_file: r?.["latest_file"] == null ? null : String(r["latest_file"]),
      latest_file_at: r?.["latest_file_at"] == null ? null : String(r["latest_file_at"])
    }))))

export interface UnreadableFile {
  readonly path: string
  readonly run_id: string
  readonly message: string | null
}

/**
 * The files (paths relative to the inbox) that the latest run to read the inbox could not read:
 * the latest run that got through ingest (it succeeded or stopped at the quarantine limit),
 * apart from `forget`'s, which reads no inbox. Such a run records every file it finds, loaded
 * or skipped, so a file is listed until a run loads it or no longer finds it. The run succeeds
 * with the other files and tries the file again next time; without this only its summary would
 * say so.
 */
export const unreadableFiles = (db: Statements): Effect.Effect<ReadonlyArray<UnreadableFile>, WarehouseError> =>
  db.all(
    `select path, run_id, message
from input_files
where status = 'unreadable'
  and run_id = (
    select run_id from runs
    where trigger <> 'forget' and outcome in ('success', 'quarantine_limit')
    order by started_at desc
    limit 1
  )
order by path`
  ).pipe(Effect.map((rows) =>
    rows.map((r) => ({ path: String(r["path"]), run_id: String(r["run_id"]), message: r["message"] === null ? null : String(r["message"]) }))
  ))

/**
 * What `status` finds. Problems (exit 1): the last run failed, no run, no events, and data older
 * than schedule.maxDataAgeHours on a warehouse a schedule feeds. Without a scheduled run (a
 * warehouse filled by hand, the bundled sample) old data is a note, not a problem.
 */
export const healthFindings = (
  runs: ReadonlyArray<RunRow>,
  fresh: ReadonlyArray<SourceFreshness>,
  now: Date,
  maxDataAgeHours: number,
  scheduled: boolean
): { readonly problems: ReadonlyArray<string>; readonly notes: ReadonlyArray<string> } => {
  const problems: Array<string> = []
  const notes: Array<string> = []
  const last = runs[0]
  if (last === undefined) problems.push("no run has been recorded yet")
  else if (last.outcome !== "success" && last.outcome !== "running") {
    problems.push(`the last run ${last.run_id} ended '${last.outcome}'${last.error === null ? "" : `: ${last.error.split("\n")[0]}`}`)
  }
  const newest = fresh.map((f) => f.latest_event_at).filter((t): t is string => t !== null).sort().at(-1)
  if (newest === undefined) problems.push("the warehouse holds no events")
  else {
    const ageHours = (now.getTime() - Date.parse(newest)) / 3_600_000
    if (ageHours > maxDataAgeHours) {
      const finding = `the newest event (${newest}) is ${ageHours.toFixed(1)} hours old, more than schedule.maxDataAgeHours = ${maxDataAgeHours}`
      if (scheduled) problems.push(finding)
      else notes.push(`the data is old: ${finding} (no scheduled run has fed this warehouse, so this is not a problem)`)
    }
  }
  return { problems, notes }
}

/** Whether `schedule` ever ran the pipeline on this warehouse. */
export const everScheduled = (db: Statements): Effect.Effect<boolean, WarehouseError> =>
  db.all("select count(*) as n from runs where trigger = 'schedule'").pipe(Effect.map((r) => Number(r[0]?.["n"] ?? 0) > 0))

export interface QuarantinedRows {
  /** The run shown: the one asked for, else the latest that quarantined any row; null when none did. */
  readonly run_id: string | null
  readonly total: number
  readonly by_rule: Readonly<Record<string, number>>
  readonly rows: ReadonlyArray<{
    readonly source: string
    readonly file: string
    readonly row_number: number
    readonly rule: string
    readonly message: string
    readonly raw: string | null
  }>
}

/** Quarantined rows of one run, in file and row order (the `quarantine` command). */
export const quarantinedRows = (
  db: Statements,
  options: { readonly runId: string | null; readonly source: string | null; readonly limit: number }
): Effect.Effect<QuarantinedRows, WarehouseError> =>
  Effect.gen(function*() {
    const [latest] = options.runId !== null
      ? [{ run_id: options.runId }]
      : yield* db.all("select max(run_id) as run_id from quarantine where $source is null or source = $source", { source: options.source })
    const runId = latest?.["run_id"] === null || latest?.["run_id"] === undefined ? null : String(latest["run_id"])
    if (runId === null) return { run_id: null, total: 0, by_rule: {}, rows: [] }
    const params = { run_id: runId, source: options.source }
    const where = "where run_id = $run_id and ($source is null or source = $source)"
    const rules = yield* db.all(`select rule, count(*)::bigint as n from quarantine ${where} group by rule order by n desc, rule`, params)
    const rows = yield* db.all(
      `select source, file, row_number, rule, message, raw from quarantine ${where} order by source, file, row_number limit $limit`,
      { ...params, limit: options.limit }
    )
    return {
      run_id: runId,
      total: rules.reduce((a, r) => a + Number(r["n"]), 0),
      by_rule: Object.fromEntries(rules.map((r) => [String(r["rule"]), Number(r["n"])])),
      rows: rows.map((r) => ({
        source: String(r["source"]),
        file: String(r["file"]),
        row_number: Number(r["row_number"]),
        rule: String(r["rule"]),
        message: String(r["message"]),
        raw: r["raw"] === null ? null : String(r["raw"])
      }))
    }
  })
