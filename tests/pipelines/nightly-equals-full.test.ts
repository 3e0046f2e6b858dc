import { DuckDBInstance } from "@duckdb/node-api"
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { generateInbox } from "../../src/generate/generate-inbox.ts"
import { runOnce, tempDir, workspace } from "../support/pipeline.ts"

// Lineage says which run and file an event came from; it is the one thing that must differ.
const LINEAGE = new Set(["run_id", "file_id", "row_number"])

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]))

/** Every published table's rows without lineage columns, sorted, as JSON text. */
const publishedContent = async (out: string): Promise<Record<string, string>> => {
  const manifest = JSON.parse(readFileSync(join(out, "_manifest.json"), "utf8")) as { tables: Array<{ name: string; columns: Array<{ name: string }> }> }
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  await con.run("set TimeZone = 'UTC'")
  const content: Record<string, string> = {}
  for (const t of manifest.tables) {
    const columns = t.columns.map((c) => c.name).filter((c) => !LINEAGE.has(c)).map((c) => `"${c}"`)
    const r = await con.runAndReadAll(
      `select ${columns.join(", ")} from read_parquet($glob, hive_partitioning = true, union_by_name = true) order by all`,
      { glob: join(out, t.name, "**", "*.parquet") }
    )
    content[t.name] = JSON.stringify(r.getRowObjectsJson())
  }
  con.closeSync()
  instance.closeSync()
  return content
}

interface Scenario {
  readonly name: string
  readonly customers: number
  readonly days: number
  readonly seed: number
  /** How many days the first night loads; one day a night after that. */
  readonly firstNight: number
  /** Files that arrive late: the first file of each prefix from the first night's days, delivered on the last night but one. */
  readonly latePrefixes: ReadonlyArray<string>
  readonly overrides: Record<string, unknown>
}

const scenarios: ReadonlyArray<Scenario> = [
  { name: "40 customers, 6 days, a support file two nights late", customers: 40, days: 6, seed: 5, firstNight: 3, latePrefixes: ["support/"], overrides: {} },
  {
    // a low merge-guard limit makes shared identifiers appear night by night
    name: "150 customers, 9 days, web and store files late, merge guard at 3",
    customers: 150,
    days: 9,
    seed: 11,
    firstNight: 2,
    latePrefixes: ["web/", "store/"],
    overrides: { identity: { maxLinksPerType: 3 } }
  }
]

describe("nightly runs", () => {
  it.each(scenarios)("publish the same content as one full run over the same files ($name)", async (scenario) => {
    const generated = tempDir()
    await generateInbox({ inbox: generated, customers: scenario.customers, days: scenario.days, seed: scenario.seed, startDate: "2026-03-26", formats: "mixed" })
    const files = filesUnder(generated).map((f) => relative(generated, f)).sort()
    const dayOf = (f: string) => /(\d{4}-\d{2}-\d{2})/.exec(f)?.[1] ?? ""
    const days = [...new Set(files.map(dayOf))].sort()
    const late = scenario.latePrefixes.map((prefix) => files.find((f) => f.startsWith(prefix) && days.slice(0, scenario.firstNight).includes(dayOf(f))))
    expect(late.every((f) => f !== undefined)).toBe(true)

    const nightly = workspace()
    const deliver = (f: string) => {
      mkdirSync(dirname(join(nightly.inbox, f)), { recursive: true })
      cpSync(join(generated, f), join(nightly.inbox, f))
    }
    const nights = [days.slice(0, scenario.firstNight), ...days.slice(scenario.firstNight).map((d) => [d])]
    for (const [i, night] of nights.entries()) {
      for (const f of files) if (night.includes(dayOf(f)) && !late.includes(f)) deliver(f)
      if (i === nights.length - 2) for (const f of late) if (f !== undefined) deliver(f)
      const summary = await runOnce(nightly, scenario.overrides)
      expect(summary.refresh.mode).toBe(i === 0 ? "full" : "incremental")
    }

    const full = workspace()
    cpSync(generated, full.inbox, { recursive: true })
    await runOnce(full, scenario.overrides)

    const a = await publishedContent(nightly.out)
    const b = await publishedContent(full.out)
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    for (const table of Object.keys(b)) {
      if (a[table] !== b[table]) {
        const ra = JSON.parse(a[table] ?? "[]") as Array<unknown>
        const rb = JSON.parse(b[table] ?? "[]") as Array<unknown>
        const diffs = rb.map((r, i) => [JSON.stringify(ra[i]), JSON.stringify(r)]).filter(([x, y]) => x !== y)
        console.log("DIFF", table, ra.length, rb.length, diffs.length, JSON.stringify(diffs.slice(0, 3), null, 1))
      }
    }
    for (const table of Object.keys(b)) expect(a[table], table).toBe(b[table])
    expect(JSON.parse(b["events_support"] ?? "[]").length).toBeGreaterThan(0)
  }, 300_000)
})
