/** Log lines: readable on a terminal, JSON for machines, and the choice an environment variable can force. */
import { Effect, Logger } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loggedProgress, runPipeline } from "../../pipelines/run.ts"
import { humanLogger, logFormatFrom } from "../../src/cli/log-lines.ts"
import { layer } from "../../src/duckdb/duckdb.ts"
import { configFor, workspace } from "../support/pipeline.ts"

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

  it("carry a scheduled run's notes, which no terminal shows: an unreadable file is a warning", async () => {
    const ws = workspace()
    mkdirSync(join(ws.inbox, "web"), { recursive: true })
    writeFileSync(join(ws.inbox, "web", "broken.ndjson.gz"), "not gzip at all")
    const lines: Array<string> = []
    const capture = Logger.map(humanLogger(false), (line) => void lines.push(line))
    const config = configFor(ws)
    await Effect.runPromise(
      runPipeline({ config, piiKeyFromEnv: "test-key", since: null, until: null, fullRefresh: false, trigger: "schedule" }, loggedProgress).pipe(
        Effect.provide(layer({ path: config.paths.warehouse, threads: 2, memoryLimit: "2GB" })),
        Effect.provide(Logger.replace(Logger.defaultLogger, capture))
      )
    )
    expect(lines.filter((l) => l.startsWith("touchpoint: warn: ") && l.includes("web/broken.ndjson.gz"))).toHaveLength(1)
  }, 60_000)
})
