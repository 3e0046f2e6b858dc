import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { deliverLines, runExpectingFailure, runOnce, webLine, workspace, type Workspace } from "../support/pipeline.ts"

const withPlain = (ws: Workspace) => ({ paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse, plainOut: join(ws.dir, "bi") } })
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "_manifest.json"), "utf8")) as { run_id: string }

describe("paths.plainOut", () => {
  it("publishes every run once more as a plain folder at a fixed path, replaced whole", async () => {
    const ws = workspace()
    deliverLines(ws, "day-1", [webLine("v1", "2026-03-01T10:00:00Z", "dev-1")])
    const first = await runOnce(ws, withPlain(ws))
    const bi = join(ws.dir, "bi")
    expect(manifestOf(bi).run_id).toBe(first.run_id)
    deliverLines(ws, "day-2", [webLine("v2", "2026-03-02T10:00:00Z", "dev-1")])
    const second = await runOnce(ws, withPlain(ws))
    expect(manifestOf(bi).run_id).toBe(second.run_id)
    expect(readFileSync(join(bi, "_manifest.json"), "utf8")).toBe(readFileSync(join(ws.out, "_manifest.json"), "utf8"))
    // a plain folder, with the tables' folders in it, and nothing left beside it
    expect(readdirSync(bi)).toContain("events_web")
    expect(readdirSync(ws.dir).filter((n) => n.startsWith("bi")).sort()).toEqual(["bi"])
  })

  it("makes the folders above it that do not exist yet", async () => {
    const ws = workspace()
    deliverLines(ws, "day-1", [webLine("v1", "2026-03-01T10:00:00Z", "dev-1")])
    const nested = join(ws.dir, "shares", "bi", "touchpoint")
    const run = await runOnce(ws, { paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse, plainOut: nested } })
    expect(manifestOf(nested).run_id).toBe(run.run_id)
  })

  it("leaves a folder it did not publish alone and fails before the run", async () => {
    const ws = workspace()
    deliverLines(ws, "day-1", [webLine("v1", "2026-03-01T10:00:00Z", "dev-1")])
    const bi = join(ws.dir, "bi")
    mkdirSync(bi)
    writeFileSync(join(bi, "budget.xlsx"), "someone's file")
    const failure = await runExpectingFailure(ws, withPlain(ws))
    expect(failure.message).toMatch(/bi exists and is not a folder Touchpoint published/)
    expect(readdirSync(bi)).toEqual(["budget.xlsx"])
  })
})
