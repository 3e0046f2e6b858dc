import { spawn } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { filesUnder, publishedContent, queryWarehouse, runOnce, workspace, type Workspace } from "../support/pipeline.ts"
import { deliver, forget, foundIn, hers, inbox, overrides } from "./people.ts"

const root = join(import.meta.dirname, "..", "..")

/** Starts `forget` as a process and kills it (SIGKILL) as soon as its progress shows `note`. */
const forgetKilledAt = async (ws: Workspace, args: ReadonlyArray<string>, note: string) => {
  const config = join(ws.dir, "touchpoint.config.json")
  writeFileSync(config, JSON.stringify({ paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse }, duckdb: { threads: 2, memoryLimit: "2GB" }, ...overrides }))
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "main.ts"), "forget", "--config", config, ...args], {
    cwd: root,
    env: { ...process.env, TOUCHPOINT_PII_KEY: "test-key" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stderr = ""
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString()
    if (stderr.includes(note)) child.kill("SIGKILL")
  })
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })))
  return { ...exit, stderr }
}

const pending = async (ws: Workspace) =>
  (await queryWarehouse(ws.warehouse, "select count(*)::int as n from erasures where completed_at is null"))[0]?.["n"]

describe("forget killed with SIGKILL", () => {
  it("leaves the old outputs or the erased ones, never a mix, and the next forget finishes the erasure", async () => {
    const ws = workspace()
    deliver(ws, inbox)
    await runOnce(ws, overrides)
    const old = await publishedContent(ws.out)
    const never = workspace()
    deliver(never, inbox.filter((l) => !l.mine))
    await runOnce(never, overrides)
    const erased = await publishedContent(never.out)

    // killed right after the erasure's transaction, while it republishes
    const first = await forgetKilledAt(ws, ["--email", "ana@example.de"], "republishing")
    expect(first.signal).toBe("SIGKILL")
    expect(await publishedContent(ws.out)).toEqual(old)
    expect(await pending(ws)).toBe(1)
    expect(await queryWarehouse(ws.warehouse, "select count(*)::int as n from events_web where customer_id = 'cust-ana'")).toEqual([{ n: 0 }])

    // a second forget, killed once the erased outputs are published, before the file is compacted
    const second = await forgetKilledAt(ws, [], "older published version(s)")
    expect(second.stderr).toContain("finishing the unfinished erasure")
    expect(second.signal).toBe("SIGKILL")
    expect(await publishedContent(ws.out)).toEqual(erased)

    // a third finishes what is left (the kill may have come after the compaction too)
    if ((await pending(ws)) === 1) await forget(ws, [])
    expect(await pending(ws)).toBe(0)
    expect(await publishedContent(ws.out)).toEqual(erased)
    expect(existsSync(`${ws.warehouse}.compacting`)).toBe(false)
    const files = [ws.warehouse, ...filesUnder(join(ws.dir, ".out.versions"))].filter((f) => existsSync(f))
    expect(foundIn(files, hers)).toEqual([])
  }, 120_000)
})
