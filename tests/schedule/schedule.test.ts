import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Ref, Schema, TestClock } from "effect"
import { scheduleLoop } from "../../pipelines/schedule.ts"
import type { RunSummary } from "../../pipelines/run.ts"
import { Config } from "../../schemas/config.ts"
import { PublishFailed, QuarantineLimitExceeded } from "../../src/errors.ts"
import { manualCron } from "../../src/schedule/cron.ts"
import { dstConflicts, dstHours } from "../../src/schedule/dst-check.ts"

const config = Schema.decodeUnknownSync(Config)({ schedule: { retryAttempts: 2, retryBaseDelaySeconds: 60 } })
const counts = { read: 0, accepted: 0, quarantined: 0, duplicates: 0, filtered: 0, suppressed: 0 }
const summary: RunSummary = {
  run_id: "r", outcome: "success", started_at: "", finished_at: "", stages: [], files: [], outputs: [], out: "out", report: "out/report.html", notes: [], refresh: { mode: "full", reason: "test" },
  identity: { identifiers: 0, customers: 0, largestComponent: 0, blockedIdentifiers: 0, sharedIdentifiers: 0, heldBack: 0, iterations: 0 },
  sources: { web: counts, store: counts, survey: counts, support: counts, delivery: counts, review: counts },
  headline: { conversions: 0, revenue: 0, top_channel: null, nps: null, csat: null, delivery_over_threshold: null, first_reply_over_sla: null, rating: null }
}
const jan = () => new Date("2026-01-15T00:00:00Z")

/** Lets forked fibers run up to their next wait. */
const settle = Effect.gen(function*() {
  for (let i = 0; i < 20; i++) yield* Effect.yieldNow()
})

describe("schedule", () => {
  it.effect("skips a tick that comes while the previous run is still going", () =>
    Effect.gen(function*() {
      const cron = yield* manualCron
      const started = yield* Ref.make(0)
      const slowRun = Ref.update(started, (n) => n + 1).pipe(Effect.zipRight(Effect.sleep(Duration.minutes(90))), Effect.as(summary))
      const loop = yield* Effect.fork(scheduleLoop(config, slowRun, jan).pipe(Effect.provide(cron.layer)))
      yield* settle
      yield* cron.tick(new Date())
      yield* settle
      yield* TestClock.adjust(Duration.minutes(60))
      yield* cron.tick(new Date())
      yield* settle
      expect(yield* Ref.get(started)).toBe(1)
      yield* TestClock.adjust(Duration.minutes(31))
      yield* settle
      yield* cron.tick(new Date())
      yield* settle
      expect(yield* Ref.get(started)).toBe(2)
      yield* Fiber.interrupt(loop)
    }))

  it.effect("does not retry a run stopped by the quarantine limit (the same files would stop it again)", () =>
    Effect.gen(function*() {
      const cron = yield* manualCron
      const attempts = yield* Ref.make(0)
      const stopped = Ref.update(attempts, (n) => n + 1).pipe(
        Effect.zipRight(Effect.fail(new QuarantineLimitExceeded({ source: "web", share: 0.12, limit: 0.05, quarantined: 12, read: 100, run_id: "r" })))
      )
      const loop = yield* Effect.fork(scheduleLoop(config, stopped, jan).pipe(Effect.provide(cron.layer)))
      yield* settle
      yield* cron.tick(new Date())
      yield* settle
      yield* TestClock.adjust(Duration.minutes(10))
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(1)
      yield* Fiber.interrupt(loop)
    }))

  it.effect("retries a failed run with exponential back-off", () =>
    Effect.gen(function*() {
      const cron = yield* manualCron
      const attempts = yield* Ref.make(0)
      const flaky = Ref.updateAndGet(attempts, (n) => n + 1).pipe(
        Effect.flatMap((n) => (n < 3 ? Effect.fail(new PublishFailed({ message: `disk full (${n})` })) : Effect.succeed(summary)))
      )
      const loop = yield* Effect.fork(scheduleLoop(config, flaky, jan).pipe(Effect.provide(cron.layer)))
      yield* settle
      yield* cron.tick(new Date())
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(1)
      // First retry after the base delay (60 s), the second after twice that.
      yield* TestClock.adjust(Duration.seconds(59))
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(1)
      yield* TestClock.adjust(Duration.seconds(1))
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(2)
      yield* TestClock.adjust(Duration.seconds(119))
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(2)
      yield* TestClock.adjust(Duration.seconds(1))
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(3)
      yield* Fiber.interrupt(loop)
    }))

  it.effect("keeps ticking after a run that failed all its retries", () =>
    Effect.gen(function*() {
      const cron = yield* manualCron
      const attempts = yield* Ref.make(0)
      const broken = Ref.update(attempts, (n) => n + 1).pipe(Effect.zipRight(Effect.fail(new PublishFailed({ message: "broken" }))))
      const loop = yield* Effect.fork(scheduleLoop(config, broken, jan).pipe(Effect.provide(cron.layer)))
      yield* settle
      yield* cron.tick(new Date())
      yield* settle
      yield* TestClock.adjust(Duration.minutes(10))
      yield* settle
      // One try and two retries.
      expect(yield* Ref.get(attempts)).toBe(3)
      yield* cron.tick(new Date())
      yield* settle
      expect(yield* Ref.get(attempts)).toBe(4)
      yield* Fiber.interrupt(loop)
    }))

  it.effect("refuses a cron expression that does not parse", () =>
    Effect.gen(function*() {
      const cron = yield* manualCron
      const bad = Schema.decodeUnknownSync(Config)({ schedule: { cron: "every night" } })
      const result = yield* Effect.flip(scheduleLoop(bad, Effect.succeed(summary), jan).pipe(Effect.provide(cron.layer)))
      expect(result.message).toContain("'every night' is not a cron expression")
    }))
})

describe("daylight saving", () => {
  it("finds the skipped and the repeated hour of both Europe/Berlin changes", () => {
    expect(dstHours("Europe/Berlin", jan())).toEqual([
      { hour: 2, kind: "skipped", date: "2026-03-29" },
      { hour: 2, kind: "repeated", date: "2026-10-25" }
    ])
  })

  it("finds the same hours when it starts in the middle of an hour", () => {
    expect(dstHours("Europe/Berlin", new Date("2026-11-23T18:28:37Z"))).toEqual([
      { hour: 2, kind: "skipped", date: "2027-03-28" },
      { hour: 2, kind: "repeated", date: "2027-10-31" }
    ])
  })

  it("flags a nightly at 02:30 and accepts the default 04:30", () => {
    expect(dstConflicts("30 2 * * *", "Europe/Berlin", jan()).map((c) => c.kind)).toEqual(["skipped", "repeated"])
    expect(dstConflicts("30 4 * * *", "Europe/Berlin", jan())).toEqual([])
    expect(dstConflicts("0 * * * *", "UTC", jan())).toEqual([])
  })
})
