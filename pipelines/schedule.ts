/**
 * The `schedule` pipeline: runs `run` at every cron tick until interrupted. Never two runs at
 * once (a tick that comes while a run is going is skipped and logged); a failed run is retried
 * with exponential back-off and never stops the schedule. Interrupting (SIGINT/SIGTERM)
 * interrupts the current run, whose publish is atomic, so no half-published output is left.
 */
import { Duration, Effect, Queue, Ref, Schedule } from "effect"
import type { Config } from "../schemas/config.ts"
import type { ConfigInvalid } from "../src/errors.ts"
import { Cron, validateCron } from "../src/schedule/cron.ts"
import { dstConflicts } from "../src/schedule/dst-check.ts"
import type { RunError, RunSummary } from "./run.ts"

/** Retries a failed run: base, 2×base, 4×base … up to `attempts` more tries; a quarantine stop is not retried (the same files would stop it again). */
export const withRetries = <R>(run: Effect.Effect<RunSummary, RunError, R>, attempts: number, baseDelay: Duration.Duration) =>
  run.pipe(
    Effect.tapError((e) => Effect.logWarning("run failed", { error: e.message, tag: e._tag })),
    Effect.retry({
      schedule: Schedule.exponential(baseDelay, 2).pipe(Schedule.intersect(Schedule.recurs(attempts))),
      while: (e) => e._tag !== "QuarantineLimitExceeded"
    })
  )

export const scheduleLoop = <R>(
  config: Config,
  runOnce: Effect.Effect<RunSummary, RunError, R>,
  now: () => Date = () => new Date()
): Effect.Effect<never, ConfigInvalid, R | Cron> =>
  Effect.scoped(Effect.gen(function*() {
    const { cron, timezone, retryAttempts, retryBaseDelaySeconds } = config.schedule
    yield* validateCron(cron)
    for (const c of dstConflicts(cron, timezone, now())) {
      yield* Effect.logWarning(
        `schedule '${cron}' (${timezone}) can fall into the ${c.kind} hour ${String(c.hour).padStart(2, "0")}:00 on ${c.date}: ` +
          (c.kind === "skipped" ? "that night's run will not happen" : "that night's run may happen once in the first of the two hours") +
          "; choose a time outside the daylight-saving change, e.g. '30 4 * * *'"
      )
    }
    const ticks = yield* Queue.unbounded<Date>()
    const busy = yield* Ref.make(false)
    yield* (yield* Cron).every(cron, timezone, ticks)
    yield* Effect.logInfo("schedule started", { cron, timezone })
    const attempt = withRetries(runOnce, retryAttempts, Duration.seconds(retryBaseDelaySeconds)).pipe(
      Effect.tap((s) => Effect.logInfo("run succeeded", { run_id: s.run_id })),
      Effect.catchAll((e) => Effect.logError("run failed after its retries; the schedule goes on", { error: e.message })),
      Effect.ensuring(Ref.set(busy, false))
    )
    return yield* Effect.forever(Effect.gen(function*() {
      const at = yield* Queue.take(ticks)
      if (yield* Ref.getAndSet(busy, true)) {
        yield* Effect.logWarning("tick skipped: the previous run is still going", { tick: at.toISOString() })
        return
      }
      yield* Effect.logInfo("tick: starting a run", { tick: at.toISOString() })
      yield* Effect.forkScoped(attempt)
    }))
  }))
