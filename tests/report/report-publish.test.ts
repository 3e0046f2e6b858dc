/** The report goes out with the tables, in the configured language, and never alone. */
import { cpSync, readFileSync } from "node:fs"
import { createHash } from "node:crypto"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runExpectingFailure, runOnce, workspace } from "../support/pipeline.ts"

const manifestOf = (out: string) =>
  JSON.parse(readFileSync(join(out, "_manifest.json"), "utf8")) as { run_id: string; report: { file: string; sha256: string; language: string } }

describe("report.html publishing", () => {
  it("is written in report.language, listed in the manifest, and copied to the plain folder", async () => {
    const ws = workspace("formats")
    const plain = join(ws.dir, "bi")
    const summary = await runOnce(ws, { report: { language: "de" }, paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse, plainOut: plain } })
    const html = readFileSync(join(ws.out, "report.html"))
    expect(html.toString("utf8")).toContain('<html lang="de">')
    expect(html.toString("utf8")).toContain("Datenqualität")
    expect(html.toString("utf8")).toContain(`data-run-id="${summary.run_id}"`)
    expect(manifestOf(ws.out).report).toMatchObject({ file: "report.html", language: "de", sha256: createHash("sha256").update(html).digest("hex") })
    expect(readFileSync(join(plain, "report.html"))).toEqual(html)
  })

  it("stays the previous run's when a run fails before publishing", async () => {
    const ws = workspace("formats")
    await runOnce(ws)
    const before = readFileSync(join(ws.out, "report.html"))
    const runBefore = manifestOf(ws.out).run_id
    cpSync(join(import.meta.dirname, "..", "fixtures", "bad-rows"), ws.inbox, { recursive: true })
    const failure = await runExpectingFailure(ws, { quarantine: { maxShare: 0 } })
    expect(failure._tag).toBe("QuarantineLimitExceeded")
    expect(readFileSync(join(ws.out, "report.html"))).toEqual(before)
    expect(manifestOf(ws.out).run_id).toBe(runBefore)
  })
})
