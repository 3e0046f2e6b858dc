/**
 * A connection is closed only once its queries have settled (src/duckdb/duckdb.ts,
 * `closeWhenIdle`). A checkpoint DuckDB would not stop, interrupted (as SIGTERM interrupts a
 * run during the checkpoint beside publishing) and its connection closed while it ran,
 * deadlocked DuckDB's thread when it ended, and the process never exited. Run in a process
 * of its own, since that is where the hang shows: in the exit.
 */
import { spawn } from "node:child_process"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir } from "../support/pipeline.ts"

const root = join(import.meta.dirname, "..", "..")

describe("an interrupted query", () => {
  it("is waited for before its connection closes, so the process exits", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "support", "interrupt-then-exit.ts"), join(tempDir(), "w.duckdb")], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    const ended = await new Promise<{ code: number | null; hung: boolean }>((resolve) => {
      // it exits within seconds of closing; before the fix it never did
      const timer = setTimeout(() => {
        child.kill("SIGKILL")
        resolve({ code: null, hung: true })
      }, 60_000)
      child.on("exit", (code) => {
        clearTimeout(timer)
        resolve({ code, hung: false })
      })
    })
    expect(stderr).toContain("interrupted after")
    expect(stdout).toBe("closed\n")
    expect(ended).toEqual({ code: 0, hung: false })
  }, 120_000)
})
