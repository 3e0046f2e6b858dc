import cron from "node-cron"
import { afterEach, describe, expect, it, vi } from "vitest"

// Drives node-cron itself with fake timers across both 2026 Europe/Berlin changes, to pin the
// behaviour the docs and the DST warning describe.
const firesBetween = async (expression: string, fromIso: string, hours: number): Promise<Array<string>> => {
  vi.useFakeTimers({ now: new Date(fromIso) })
  const fired: Array<string> = []
  const task = cron.schedule(expression, (ctx) => {
    fired.push(ctx.date.toISOString())
  }, { timezone: "Europe/Berlin" })
  for (let i = 0; i < hours * 60; i++) await vi.advanceTimersByTimeAsync(60_000)
  await task.destroy()
  return fired
}

afterEach(() => {
  vi.useRealTimers()
})

describe("node-cron across daylight-saving changes", () => {
  it("runs the default 04:30 nightly on the spring-forward day and skips 02:30, which does not exist", async () => {
    expect(await firesBetween("30 4 * * *", "2026-03-28T20:00:00Z", 12)).toEqual(["2026-03-29T02:30:00.000Z"])
    expect(await firesBetween("30 2 * * *", "2026-03-28T20:00:00Z", 12)).toEqual([])
  }, 60_000)

  it("runs the default 04:30 nightly once on the fall-back day", async () => {
    expect(await firesBetween("30 4 * * *", "2026-10-24T20:00:00Z", 12)).toEqual(["2026-10-25T03:30:00.000Z"])
  }, 60_000)
})
