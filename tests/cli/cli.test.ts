import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { cli } from "../support/cli.ts"
import { tempDir, workspace } from "../support/pipeline.ts"

const lines = (s: string) => s.trim().split("\n").filter((l) => l.trim() !== "")

describe("command line", () => {
  it("rejects an unknown flag with one touchpoint: line naming it and a hint, and exit 2", () => {
    const r = cli(["run", "--bogus"])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual(["touchpoint: received unknown argument: '--bogus'; see 'pnpm pipeline run --help' for its options"])
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/)
    const json = cli(["status", "--bogus", "--json"])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      outcome: "usage_error",
      error: "received unknown argument: '--bogus'; see 'pnpm pipeline status --help' for its options",
      exit_code: 2
    })
    const command = cli(["runn"])
    expect(command.code).toBe(2)
    expect(lines(command.stderr)).toHaveLength(1)
    expect(command.stderr).toMatch(/^touchpoint: invalid subcommand .*'run'.*; see 'pnpm pipeline --help'/)
  })

  it("rejects a --limit below 1 before opening any warehouse, with exit 2", () => {
    const warehouse = join(tempDir(), "none", "w.duckdb")
    const r = cli(["status", "--limit", "-3", "--warehouse", warehouse])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toEqual(["touchpoint: --limit -3 must be at least 1"])
    expect(readdirSync(join(warehouse, "..", "..")).includes("none")).toBe(false)
  })

  it("says there is no warehouse at a path where none is, for status, quarantine and forget, and makes none there", () => {
    const dir = tempDir()
    // in a folder that exists, where DuckDB would create the file
    const warehouse = join(dir, "w.duckdb")
    const status = cli(["status", "--warehouse", warehouse])
    expect(status.code).toBe(1)
    expect(status.stdout.trim()).toBe(`PROBLEM: there is no warehouse at ${warehouse}: no run has created one there (check --warehouse or paths.warehouse)`)
    expect(JSON.parse(cli(["status", "--warehouse", warehouse, "--json"]).stdout)).toMatchObject({ runs: [], problems: [expect.stringContaining("there is no warehouse at")] })
    const quarantine = cli(["quarantine", "--warehouse", warehouse])
    expect(quarantine.code).toBe(2)
    expect(quarantine.stderr).toContain(`there is no warehouse at ${warehouse}`)
    const forget = cli(["forget", "--email", "ana@example.de", "--warehouse", warehouse, "--inbox", dir, "--out", join(dir, "out")])
    expect(forget.code).toBe(2)
    expect(forget.stderr).toContain(`there is no warehouse at ${warehouse}`)
    expect(readdirSync(dir)).toEqual([])
    // a folder where the file should be: said as such, not as DuckDB's read error
    const folder = cli(["status", "--warehouse", dir])
    expect(folder.code).toBe(1)
    expect(folder.stdout.trim()).toBe(`PROBLEM: the warehouse ${dir} is a folder, not a DuckDB file (check --warehouse or paths.warehouse)`)
    expect(cli(["quarantine", "--warehouse", dir]).stderr).toContain("is a folder, not a DuckDB file")
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
    // every wrong key at once, a touchpoint: line each
    writeFileSync(file, JSON.stringify({ timzone: "Europe/Berlin", quarantine: { maxShare: 2 } }))
    expect(lines(cli(["run", "--config", file]).stderr)).toEqual([
      `touchpoint: ${file}: config key 'timzone' is not a known key (check its spelling)`,
      `touchpoint: ${file}: config key 'quarantine.maxShare' must be a number from 0 to 1`
    ])
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
    const stopped = cli(["run", "--inbox", bad.inbox, "--out", bad.out, "--warehouse", bad.warehouse, "--json"])
    expect(stopped.code).toBe(3)
    expect(stopped.stderr).toContain("were quarantined")
    // a failed run still prints one JSON object, which says why and names the command to see the rows
    const failure = JSON.parse(stopped.stdout) as { outcome: string; error: string; exit_code: number; source: string; quarantined: number; run_id: string }
    expect(failure).toMatchObject({ outcome: "quarantine_limit", exit_code: 3, source: "web" })
    expect(failure.error).toContain(`pnpm pipeline quarantine --run ${failure.run_id}`)
    const rows = cli(["quarantine", "--warehouse", bad.warehouse, "--run", failure.run_id, "--json"])
    expect(rows.code).toBe(0)
    const listed = JSON.parse(rows.stdout) as { run_id: string; total: number; by_rule: Record<string, number>; rows: Array<{ source: string; rule: string }> }
    expect(listed.run_id).toBe(failure.run_id)
    expect(listed.total).toBe(Object.values(listed.by_rule).reduce((a, n) => a + n, 0))
    expect(listed.rows.filter((r) => r.source === "web")).toHaveLength(failure.quarantined)
    const text = cli(["quarantine", "--warehouse", bad.warehouse])
    expect(text.stdout.split("\n")[0]).toBe(`run ${failure.run_id}: ${listed.total} quarantined row(s)`)
    // The fixture's events are from March 2026: status lists the run and notes the old data,
    // which is no problem on a warehouse no schedule feeds
    const status = cli(["status", "--warehouse", ws.warehouse])
    expect(status.stdout).toContain(summary.run_id)
    expect(status.stdout).toContain("success")
    expect(status.stdout).toMatch(/web\s+2026-03-01T10:30:00Z/)
    expect(status.stdout).toMatch(/note: the data is old: the newest event \(2026-03-02T09:00:00Z\) is [\d.]+ hours old/)
    expect(status.stdout).not.toContain("PROBLEM")
    expect(status.code).toBe(0)
    // a failed run is a problem, said once: on stdout in the report, the exit code 1
    const failed = cli(["status", "--warehouse", bad.warehouse])
    expect(failed.code).toBe(1)
    expect(failed.stdout.match(/PROBLEM: the last run \S+ ended 'quarantine_limit'/g)).toHaveLength(1)
    // (the stopped run loaded nothing, so the warehouse holding no events is the second problem)
    expect(failed.stderr.trim()).toBe("touchpoint: 2 problem(s), listed above")
  })

  it("loads the rest when an inbox file cannot be read, and status names that file as a problem until a run no longer finds it", () => {
    const ws = workspace()
    mkdirSync(join(ws.inbox, "web"), { recursive: true })
    writeFileSync(join(ws.inbox, "web", "a.ndjson"), JSON.stringify({ event_id: "e1", occurred_at: "2026-03-02T09:00:00Z", anonymous_id: "a1", event_type: "page_view", page_url: "https://shop.example/" }) + "\n")
    // not gzip at all, under a gzip name: a transfer that failed half-way
    writeFileSync(join(ws.inbox, "web", "b.ndjson.gz"), "this was cut off")
    const run = () => cli(["run", "--inbox", ws.inbox, "--out", ws.out, "--warehouse", ws.warehouse, "--json"])
    const first = run()
    expect(first.code).toBe(0)
    const files = (JSON.parse(first.stdout) as { files: Array<{ path: string; status: string }> }).files
    expect(files.map((f) => [f.path, f.status]).sort()).toEqual([["web/a.ndjson", "loaded"], ["web/b.ndjson.gz", "unreadable"]])
    const status = cli(["status", "--warehouse", ws.warehouse])
    expect(status.code).toBe(1)
    expect(status.stdout).toMatch(/PROBLEM: inbox file web\/b\.ndjson\.gz could not be read in run \S+ \(is a damaged or truncated gzip file .*; every run tries it again: fix the file or take it out of the inbox/)
    expect(JSON.parse(cli(["status", "--warehouse", ws.warehouse, "--json"]).stdout).problems).toHaveLength(1)
    // taken out with the loaded file (archived): the next run finds an empty inbox
    rmSync(join(ws.inbox, "web", "b.ndjson.gz"))
    rmSync(join(ws.inbox, "web", "a.ndjson"))
    expect(run().code).toBe(0)
    const after = cli(["status", "--warehouse", ws.warehouse])
    expect(after.stdout).not.toContain("PROBLEM")
    expect(after.code).toBe(0)
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

  it("validates through the config's mappings and shows mapped rows with --show", () => {
    const ws = workspace("mappings")
    const config = join(ws.dir, "touchpoint.config.json")
    writeFileSync(config, JSON.stringify({
      sources: {
        store: {
          files: [{
            match: "kasse/**/*.csv",
            csv: { delimiter: ";", decimal: ",", encoding: "windows-1252", skipRows: 2 },
            timestamps: { format: "%d.%m.%Y %H:%M" },
            fields: { event_id: { template: "{Filiale}-{Bon-Nr}" }, occurred_at: "Zeitpunkt", store_id: "Filiale", event_type: { column: "Vorgang", values: { Verkauf: "purchase", Besuch: "visit" } }, order_id: "Bon-Nr", revenue: "Umsatz" },
            filter: { column: "Vorgang", notIn: ["Training"] }
          }]
        }
      }
    }))
    const r = cli(["validate", "--config", config, "--show", "1", join(ws.inbox, "store")])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`(store, csv, sources.store.files[0] (match "kasse/**/*.csv")): 6 rows: 3 valid, 2 invalid, 0 duplicate, 1 filtered`)
    // the first row as mapped, before typing: the decimal comma is already a point
    expect(r.stdout).toMatch(/row 4 \(ok\)\n\s+event_id\s+Köln-01-1001\n\s+occurred_at\s+2026-03-01 09:15:00Z/)
    expect(r.stdout).toMatch(/revenue\s+1234.50\n/)
    expect(r.stdout).toMatch(/empty after mapping, of 5 rows:[\s\S]*loyalty_id\s+5\n/)
    expect(r.stdout).toMatch(/bons\.csv:7 enum:event_type: event_type 'Storno' is not one of/)
  })

  it("rejects a mapping naming a field the source does not have, with exit 2", () => {
    const ws = workspace()
    const config = join(ws.dir, "c.json")
    writeFileSync(config, JSON.stringify({ sources: { review: { files: [{ match: "**", fields: { stars: "Sterne" } }] } } }))
    const r = cli(["run", "--config", config])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split("\n")).toHaveLength(1)
    expect(r.stderr).toContain("config key 'sources.review.files.0' fields.stars is not a review field")
  })

  it("checks --out and --inbox before the run: a folder it did not make, or no inbox, stops it with exit 2, leaving nothing behind", () => {
    const ws = workspace("formats")
    const out = join(ws.dir, "reports")
    mkdirSync(out)
    writeFileSync(join(out, "q3.xlsx"), "someone's file")
    const r = cli(["run", "--inbox", ws.inbox, "--out", out, "--warehouse", ws.warehouse, "--json"])
    expect(r.code).toBe(2)
    expect((JSON.parse(r.stdout) as { outcome: string; error: string }).error).toMatch(/reports exists and is not a link made by Touchpoint/)
    expect(readdirSync(ws.dir).sort()).toEqual(["inbox", "reports"])
    const missing = cli(["run", "--inbox", join(ws.dir, "inbx"), "--out", ws.out, "--warehouse", ws.warehouse])
    expect(missing.code).toBe(2)
    expect(lines(missing.stderr)).toEqual([
      `touchpoint: the inbox ${join(ws.dir, "inbx")} is not a folder: pass --inbox (or set paths.inbox) to the folder with web/, store/, … subfolders, ` +
      `or write a sample there with \`pnpm pipeline generate --inbox ${join(ws.dir, "inbx")}\``
    ])
    expect(readdirSync(ws.dir).sort()).toEqual(["inbox", "reports"])
  })

  it("has --help for every command: short, without colour codes when piped, with the exit codes", () => {
    for (const command of ["run", "validate", "generate", "status", "forget", "quarantine"]) {
      const r = cli([command, "--help"])
      expect(r.code, command).toBe(0)
      expect(r.stdout, command).toContain(command)
      expect(r.stdout.split("\n").length, command).toBeLessThan(45)
      expect(r.stdout, command).not.toMatch(/\u001b\[|A user-defined piece of text|This setting is optional|--log-level/)
      expect(r.stdout, command).toContain("  2     bad usage or configuration")
    }
  })
})
