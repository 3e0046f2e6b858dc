/**
 * The clock that says when a scheduled run is due. Live: node-cron with the configured time
 * zone. Tests swap in a manual layer and fire ticks themselves, so nothing waits for real time.
 */
import { Context, Effect, Layer, Queue, Runtime, type Scope } from "effect"
import cron from "node-cron"
import { ConfigInvalid } from "../errors.ts"

export interface CronService {
  /** Offers a tick to `ticks` at every match of the expression until the scope closes. */
  readonly every: (expression: string, timezone: string, ticks: Queue.Enqueue<Date>) => Effect.Effect<void, ConfigInvalid, Scope.Scope>
}

export class Cron extends Context.Tag("touchpoint/Cron")<Cron, CronService>() {}

export const validateCron = (expression: string): Effect.Effect<void, ConfigInvalid> =>
  cron.validate(expression)
    ? Effect.void
    : Effect.fail(new ConfigInvalid({ message: `config key 'schedule.cron' '${expression}' is not a cron expression (e.g. "30 4 * * *": 04:30 every day)` }))

export const liveCron: Layer.Layer<Cron> = Layer.succeed(Cron, {
  every: (expression, timezone, ticks) =>
    Effect.gen(function*() {
      yield* validateCron(expression)
      // node-cron logs missed and overlapping executions itself; those lines go through the
      // program's logger, so they come out as JSON like everything else when not on a terminal.
      const runtime = yield* Effect.runtime<never>()
      const log = (effect: Effect.Effect<void>) => Runtime.runSync(runtime)(effect)
      const logger = {
        info: (message: string) => log(Effect.logInfo(`node-cron: ${message}`)),
        warn: (message: string) => log(Effect.logWarning(`node-cron: ${message}`)),
        error: (message: string | Error) => log(Effect.logError(`node-cron: ${String(message)}`)),
        debug: (message: string | Error) => log(Effect.logDebug(`node-cron: ${String(message)}`))
      }
      yield* Effect.acquireRelease(
        Effect.sync(() =>
          cron.schedule(expression, (ctx) => {
            Queue.unsafeOffer(ticks, ctx.date)
          }, { timezone, name: "touchpoint", logger })
        ),
        (task) => Effect.promise(async () => task.destroy())
      )
    })
})

/** A cron whose ticks a test fires with `tick`. */
export const manualCron = Effect.gen(function*() {
  const targets: Array<Queue.Enqueue<Date>> = []
  const service: CronService = {
    every: (expression, _timezone, ticks) => validateCron(expression).pipe(Effect.tap(() => Effect.sync(() => targets.push(ticks))))
  }
  return {
    layer: Layer.succeed(Cron, service),
    tick: (at: Date) => Effect.forEach(targets, (q) => Queue.offer(q, at), { discard: true })
  }
})
