/** Log lines: readable on a terminal, JSON for machines, and the choice an environment variable can force. */
import { Effect, Logger } from "effect"
import { describe, expect, it } from "vitest"
import { humanLogger, logFormatFrom } from "../../src/cli/log-lines.ts"

const logged = (effect: Effect.Effect<void>, colour = false): Array<string> => {
  const lines: Array<string> = []
  const capture = Logger.map(humanLogger(colour), (line) => void lines.push(line))
  Effect.runSync(effect.pipe(Effect.provide(Logger.replace(Logger.defaultLogger, capture))))
  return lines
}

describe("log lines", () => {
  it("are human on a terminal and JSON elsewhere, unless TOUCHPOINT_LOG_FORMAT says", () => {
    expect(logFormatFrom({}, true)).toBe("human")
    expect(logFormatFrom({}, false)).toBe("json")
    expect(logFormatFrom({ TOUCHPOINT_LOG_FORMAT: "json" }, true)).toBe("json")
    expect(logFormatFrom({ TOUCHPOINT_LOG_FORMAT: "Human" }, false)).toBe("human")
    expect(logFormatFrom({ TOUCHPOINT_LOG_FORMAT: "xml" }, false)).toBe("json")
  })

  it("print one line: the level, the message, its fields as key=value, annotations too", () => {
    expect(logged(Effect.logWarning("tick skipped: the previous run is still going", { tick: "2026-12-06T02:00:00.000Z" }))).toEqual([
      "touchpoint: warn: tick skipped: the previous run is still going tick=2026-12-06T02:00:00.000Z"
    ])
    expect(logged(Effect.logInfo("run failed").pipe(Effect.annotateLogs("error", "disk full")))).toEqual([
      'touchpoint: info: run failed error="disk full"'
    ])
  })

  it("colour the level only when asked", () => {
    expect(logged(Effect.logError("x"), true)).toEqual(["touchpoint: \u001b[31merror\u001b[0m: x"])
  })
})
