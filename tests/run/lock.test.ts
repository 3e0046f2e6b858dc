import { spawn } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { cli } from "../support/cli.ts"
import { workspace } from "../support/pipeline.ts"

/** Another process holding the warehouse open for `ms` milliseconds. */
const holdWarehouse = (path: string, ms: number) =>
  new Promise<{ released: Promise<void> }>((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", `
      import { DuckDBInstance } from "@duckdb/node-api"
      const i = await DuckDBInstance.create(${JSON.stringify(path)})
      console.log("holding")
      setTimeout(() => { i.closeSync(); process.exit(0) }, ${ms})`], { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "inherit"] })
    const released = new Promise<void>((r) => child.on("exit", () => r()))
    child.stdout.once("data", () => resolve({ released }))
  })

describe("locking across processes", () => {
  it("gives up after the configured wait with a clear message and exit 1 while another process holds the warehouse (run and forget)", async () => {
    const ws = workspace("formats")
    const config = join(ws.dir, "c.json")
    writeFileSync(config, JSON.stringify({ paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse }, schedule: { lockWaitSeconds: 1 } }))
    const holder = await holdWarehouse(ws.warehouse, 20_000)
    const r = cli(["run", "--config", config])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/holds .*warehouse\.duckdb; waited 1 s for it: wait for it to finish or stop it/)
    // forget takes the warehouse as a run does
    const f = cli(["forget", "--config", config, "--email", "ana@example.de"])
    expect(f.code).toBe(1)
    expect(f.stderr).toMatch(/holds .*warehouse\.duckdb; waited 1 s for it/)
    await holder.released
  }, 60_000)

  it("waits for the other process, says so, and then runs", async () => {
    const ws = workspace("formats")
    const config = join(ws.dir, "c.json")
    writeFileSync(config, JSON.stringify({ paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse }, schedule: { lockWaitSeconds: 60 } }))
    // held well past the CLI's start-up (which takes several seconds on a loaded two-core machine), so the run finds the warehouse taken and has to wait
    const holder = await holdWarehouse(ws.warehouse, 15_000)
    const r = cli(["run", "--config", config, "--json"])
    await holder.released
    expect(r.stderr).toMatch(/warehouse\.duckdb is held by another process; waiting up to 60 s/)
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { outcome: string }).outcome).toBe("success")
  }, 60_000)
})
