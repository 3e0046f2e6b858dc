import { spawn } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { cli } from "../support/cli.ts"
import { tempDir } from "../support/pipeline.ts"

const root = join(import.meta.dirname, "..", "..")

const until = async (done: () => boolean, timeoutMs: number): Promise<void> => {
  const start = Date.now()
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting")
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe("a run stopped by SIGTERM", () => {
  it("stops, exits 130, publishes nothing and is recorded as failed: interrupted", async () => {
    const dir = tempDir()
    const inbox = join(dir, "inbox")
    const out = join(dir, "out")
    const warehouse = join(dir, "w.duckdb")
    // enough events that the run is certainly still going when the signal comes
    expect(cli(["generate", "--inbox", inbox, "--customers", "1500", "--days", "20", "--seed", "4"]).code).toBe(0)
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "main.ts"), "run", "--inbox", inbox, "--out", out, "--warehouse", warehouse, "--json"], {
      cwd: root,
      env: { ...process.env, TOUCHPOINT_PII_KEY: "cli-test" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stderr = ""
    let stdout = ""
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    // the version folder appears once ingest is done, and tables are written into it beside the
    // stages, with seconds of work still ahead: the signal comes while it is half-written
    const versions = join(dir, ".out.versions")
    await until(() => existsSync(versions) && readdirSync(versions).length > 0, 120_000)
    child.kill("SIGTERM")
    const code = await exited
    expect(stderr).toContain("SIGTERM received, stopping")
    expect(code).toBe(130)
    // --json: one object, which says what happened
    expect(JSON.parse(stdout)).toEqual({ outcome: "interrupted", error: "interrupted (SIGINT/SIGTERM); nothing new was published", exit_code: 130 })
    expect(existsSync(out)).toBe(false)
    // nor the version it had begun to write
    expect(readdirSync(versions)).toEqual([])
    const status = cli(["status", "--warehouse", warehouse, "--json"])
    const runs = (JSON.parse(status.stdout) as { runs: ReadonlyArray<{ outcome: string; error: string | null }> }).runs
    expect(runs).toHaveLength(1)
    expect(runs[0]?.outcome).toBe("failed")
    expect(runs[0]?.error).toMatch(/^interrupted \(SIGINT\/SIGTERM/)
    expect(status.code).toBe(1)
  }, 180_000)
})
