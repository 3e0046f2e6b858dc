import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { cli } from "../support/cli.ts"
import { tempDir, workspace } from "../support/pipeline.ts"

const lines = (s: string) => s.trim().split("\n").filter((l) => l.trim() !== "")

describe("command line", () => {
  it("rejects an unknown flag with one line naming it and exit 2", () => {
    const r = cli(["run", "--bogus"])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual(["Received unknown argument: '--bogus'"])
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/)
  })

  it("rejects an invalid config value naming the key, with exit 2", () => {
    const file = join(tempDir(), "touchpoint.config.json")
    writeFileSync(file, JSON.stringify({ attribution: { markovOrder: 5 } }))
    const r = cli(["run", "--config", file])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual([`touchpoint: ${file}: config key 'attribution.markovOrder' must be one of 1, 2, 3`])
  })

  it("rejects a misspelt config key and a share outside 0–1", () => {
    const file = join(tempDir(), "c.json")
    writeFileSync(file, JSON.stringify({ timzone: "Europe/Berlin" }))
    expect(lines(cli(["run", "--config", file]).stderr)).toEqual([`touchpoint: ${file}: config key 'timzone' is not a known key (check its spelling)`])
    const r = cli(["run", "--max-quarantine-share", "1.5"])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual(["touchpoint: --max-quarantine-share 1.5 must be a number from 0 to 1"])
    expect(cli(["run", "--since", "2026-02-30"]).code).toBe(2)
  })

  it("prints only one JSON summary on stdout with --json, and exits 3 at the quarantine limit", () => {
    const ws = workspace("formats")
    const ok = cli(["run", "--inbox", ws.inbox, "--out", ws.out, "--warehouse", ws.warehouse, "--json"])
    expect(ok.code).toBe(0)
    const summary = JSON.parse(ok.stdout) as { run_id: string; sources: Record<string, { accepted: number }>; stages: Array<{ stage: string }> }
    expect(summary.sources["web"]?.accepted).toBe(3)
    expect(summary.stages.map((s) => s.stage)).toContain("publish")
    const bad = workspace("bad-rows")
    const stopped = cli(["run", "--inbox", bad.inbox, "--out", bad.out, "--warehouse", bad.warehouse])
    expect(stopped.code).toBe(3)
    expect(stopped.stderr).toContain("were quarantined")
    // The fixture's events are from March 2026: status lists the run and alarms on stale data.
    const status = cli(["status", "--warehouse", ws.warehouse])
    expect(status.stdout).toContain(summary.run_id)
    expect(status.stdout).toContain("success")
    expect(status.stdout).toMatch(/web\s+2026-03-01T10:30:00Z/)
    expect(status.stdout).toMatch(/PROBLEM: the newest event \(2026-03-02T09:00:00Z\) is [\d.]+ hours old/)
    expect(status.code).toBe(1)
  })

  it("validates files without loading them and exits 1 when any row breaks the contract", () => {
    const ws = workspace("bad-rows")
    const r = cli(["validate", join(ws.inbox, "survey", "bad.csv")])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("FAIL")
    expect(r.stdout).toContain("9 rows: 2 valid, 7 invalid, 0 duplicate")
    expect(r.stdout).toMatch(/bad\.csv:7 enum:survey_type: survey_type 'star' is not one of nps, csat, ces/)
    const good = workspace("formats")
    const ok = cli(["validate", good.inbox])
    expect(ok.code).toBe(0)
    expect(lines(ok.stdout).every((l) => l.startsWith("ok"))).toBe(true)
  })

  it("has --help for every command", () => {
    for (const command of ["run", "validate", "generate", "status"]) {
      const r = cli([command, "--help"])
      expect(r.code, command).toBe(0)
      expect(r.stdout, command).toContain(command)
    }
  })
})
