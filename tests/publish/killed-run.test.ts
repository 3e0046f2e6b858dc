import { DuckDBInstance } from "@duckdb/node-api"
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { workspace, type Workspace } from "../support/pipeline.ts"

const root = join(import.meta.dirname, "..", "..")

/** Writes `rows` web events with ids starting at `from`, as one NDJSON file, with DuckDB. */
const writeWebEvents = async (path: string, from: number, rows: number) => {
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  await con.run(
    `copy (select 'k' || (range + $from)::varchar as event_id, timestamptz '2026-03-01 00:00:00+00' + to_seconds(range) as occurred_at,
       'a' || (range % 997)::varchar as anonymous_id, 'page_view' as event_type, 'https://shop.example/p/' || range::varchar as page_url
     from range($rows)) to $path (format json)`,
    { from, rows, path }
  )
  con.closeSync()
  instance.closeSync()
}

const startRun = (ws: Workspace) =>
  spawn(process.execPath, ["--import", "tsx", join(root, "src", "main.ts"), "run", "--inbox", ws.inbox, "--out", ws.out, "--warehouse", ws.warehouse, "--json"], {
    cwd: root,
    env: { ...process.env, TOUCHPOINT_PII_KEY: "kill-test" },
    stdio: ["ignore", "pipe", "pipe"]
  })

const finish = (child: ReturnType<typeof startRun>) =>
  new Promise<{ code: number | null; stdout: string }>((resolve) => {
    let stdout = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
    child.on("exit", (code) => resolve({ code, stdout }))
  })

const parquetFiles = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? parquetFiles(p) : n.endsWith(".parquet") ? [p] : []
  })

/** What a reader sees: the manifest's run and, per table, the rows it can read. */
const readerView = async (out: string) => {
  const manifest = JSON.parse(readFileSync(join(out, "_manifest.json"), "utf8")) as {
    run_id: string
    tables: Array<{ name: string; rows: number; files: Array<string> }>
  }
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  const counts: Record<string, number> = {}
  for (const t of manifest.tables) {
    const files = t.files.map((f) => join(out, f))
    for (const f of files) expect(existsSync(f), `${f} listed by ${manifest.run_id}`).toBe(true)
    const r = await con.runAndReadAll("select count(*)::integer as n from read_parquet($files)", {
      files: (await import("@duckdb/node-api")).listValue(files)
    })
    counts[t.name] = Number(r.getRowObjectsJson()[0]?.["n"])
    expect(counts[t.name], `${t.name} of ${manifest.run_id}`).toBe(t.rows)
  }
  // Nothing in the published tree that the manifest does not list.
  const listed = new Set(manifest.tables.flatMap((t) => t.files))
  for (const f of parquetFiles(out)) expect(listed.has(relative(out, f)), `${f} not in manifest`).toBe(true)
  con.closeSync()
  instance.closeSync()
  return { runId: manifest.run_id, counts }
}

describe("publishing when the process is killed", () => {
  it("leaves the previous run's complete tables whenever a run is killed with SIGKILL", async () => {
    const ws = workspace()
    mkdirSync(join(ws.inbox, "web"), { recursive: true })
    await writeWebEvents(join(ws.inbox, "web", "a.ndjson"), 0, 20_000)
    const first = await finish(startRun(ws))
    expect(first.code).toBe(0)
    const firstRun = (JSON.parse(first.stdout) as { run_id: string }).run_id
    const completed = new Set([firstRun])
    expect((await readerView(ws.out)).counts["events_web"]).toBe(20_000)

    // Each round adds a file and kills the run after a different delay, from start-up to publish.
    let nextId = 20_000
    for (const delay of [300, 900, 1300, 1700, 2100, 2600, 3200]) {
      await writeWebEvents(join(ws.inbox, "web", `more-${delay}.ndjson`), nextId, 200_000)
      nextId += 200_000
      const child = startRun(ws)
      const exited = finish(child)
      await new Promise((r) => setTimeout(r, delay))
      child.kill("SIGKILL")
      const { code, stdout } = await exited
      if (code === 0) completed.add((JSON.parse(stdout) as { run_id: string }).run_id)
      const view = await readerView(ws.out)
      expect(completed.has(view.runId), `published run ${view.runId} after a kill at ${delay} ms`).toBe(true)
    }
    // A run after all the kills loads every file exactly once.
    const last = await finish(startRun(ws))
    expect(last.code).toBe(0)
    expect((await readerView(ws.out)).counts["events_web"]).toBe(nextId)
  }, 180_000)
})
