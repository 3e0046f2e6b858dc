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

describe("nightly runs", () => {
  it("publish the same content as one full run over the same files, late arrivals included", async () => {
    const generated = tempDir()
    await generateInbox({ inbox: generated, customers: 40, days: 6, seed: 5, startDate: "2026-03-26", formats: "mixed" })
    const files = filesUnder(generated).map((f) => relative(generated, f)).sort()
    const dayOf = (f: string) => /(\d{4}-\d{2}-\d{2})/.exec(f)?.[1] ?? ""
    const days = [...new Set(files.map(dayOf))].sort()
    // The first support file (one of the first three days) arrives two nights late.
    const late = files.find((f) => f.startsWith("support/") && days.slice(0, 3).includes(dayOf(f)))
    expect(late).toBeDefined()

    const nightly = workspace()
    const deliver = (f: string) => {
      mkdirSync(dirname(join(nightly.inbox, f)), { recursive: true })
      cpSync(join(generated, f), join(nightly.inbox, f))
    }
    const nights = [days.slice(0, 3), [days[3]], [days[4]], [days[5]]]
    for (const [i, night] of nights.entries()) {
      for (const f of files) if (night.includes(dayOf(f)) && f !== late) deliver(f)
      if (i === 2 && late !== undefined) deliver(late)
      const summary = await runOnce(nightly)
      expect(summary.refresh.mode).toBe(i === 0 ? "full" : "incremental")
    }

    const full = workspace()
    cpSync(generated, full.inbox, { recursive: true })
    await runOnce(full)

    const a = await publishedContent(nightly.out)
    const b = await publishedContent(full.out)
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    for (const table of Object.keys(b)) expect(a[table], table).toBe(b[table])
    expect(JSON.parse(b["events_support"] ?? "[]").length).toBeGreaterThan(0)
  }, 300_000)
})
